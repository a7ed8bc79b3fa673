namespace Valora.TestSupport;

/// <summary>
/// Finds the real datasets in <c>../shared/data</c> (beside the repository), or where <c>VALORA_SHARED_DATA</c> points.
/// They are never copied into the repository.
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "VALORA_SHARED_DATA";

    public static string? Root { get; } = Locate();

    /// <summary>True when running under CI, where a missing dataset or database is a failure, not a skip.</summary>
    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Full path of a file under the data root, e.g. <c>cdnow/CDNOW_sample.txt</c>.</summary>
    public static string PathOf(string relativePath)
    {
        if (Root is null)
        {
            throw new InvalidOperationException(
                $"The shared datasets were not found: set {EnvironmentVariable} or place them in ../shared/data beside the repository.");
        }
        var path = Path.Combine(Root, relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Shared dataset file missing: {path}", path);
    }

    public static bool Has(string relativePath) => Root is not null && File.Exists(Path.Combine(Root, relativePath));

    static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv) ? fromEnv : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
