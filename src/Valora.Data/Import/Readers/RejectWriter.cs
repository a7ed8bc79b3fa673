using System.Text;

namespace Valora.Data.Import.Readers;

/// <summary>One rejected source row.</summary>
public sealed record Reject(long Line, string Field, string Rule, string Message, string Raw);

/// <summary>
/// Writes <c>&lt;file&gt;.rejects.csv</c> (UTF-8, RFC 4180): <c>line,field,rule,message,raw</c>. The file is only
/// created when there is a reject; a stale one from an earlier run is removed.
/// </summary>
public sealed class RejectWriter(string path, bool explicitPath = true) : IDisposable
{
    StreamWriter? _writer;

    /// <summary>Where the rejects go (the temp folder's copy when the default beside the input cannot be written).</summary>
    public string Path { get; private set; } = path;

    public long Count { get; private set; }

    public void Write(Reject reject)
    {
        ArgumentNullException.ThrowIfNull(reject);
        if (_writer is null)
        {
            try
            {
                _writer = new StreamWriter(Path, false, new UTF8Encoding(false));
            }
            catch (Exception e) when (!explicitPath && e is UnauthorizedAccessException or IOException)
            {
                // The input's folder is read-only: the rejects go to the temp folder, and the path says where.
                Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), System.IO.Path.GetFileName(Path));
                _writer = new StreamWriter(Path, false, new UTF8Encoding(false));
            }
            _writer.Write("line,field,rule,message,raw\n");
        }
        _writer.Write(reject.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var value in new[] { reject.Field, reject.Rule, reject.Message, reject.Raw })
        {
            _writer.Write(',');
            _writer.Write(Quote(value));
        }
        _writer.Write('\n');
        Count++;
    }

    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>Removes a rejects file left by an earlier run (call before importing).</summary>
    public void DeleteStale()
    {
        if (_writer is null && File.Exists(Path))
        {
            try
            {
                File.Delete(Path);
            }
            catch (Exception e) when (!explicitPath && e is UnauthorizedAccessException or IOException)
            {
                // A read-only folder keeps its old file; this run's rejects go to the temp folder.
            }
        }
    }

    public void Dispose() => _writer?.Dispose();
}
