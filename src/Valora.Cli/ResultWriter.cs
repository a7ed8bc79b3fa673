using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Spectre.Console;

namespace Valora.Cli;

/// <summary>Writes results to stdout as a table, JSON or CSV; rows are any records (public properties are columns).</summary>
public static class ResultWriter
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A list of rows.</summary>
    public static void WriteRows<T>(IEnumerable<T> rows, OutputFormat format, string? title = null)
    {
        var list = rows.ToList();
        switch (format)
        {
            case OutputFormat.Json:
                Console.Out.WriteLine(JsonSerializer.Serialize(list, Json));
                break;
            case OutputFormat.Csv:
                using (var csv = new CsvWriter(Console.Out, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture), leaveOpen: true))
                {
                    csv.WriteRecords(list);
                }
                break;
            default:
                var props = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
                var table = new Table().Border(TableBorder.Rounded);
                if (title is not null)
                {
                    table.Title(Markup.Escape(title));
                }
                foreach (var p in props)
                {
                    var column = new TableColumn(Markup.Escape(p.Name));
                    if (IsNumeric(p.PropertyType))
                    {
                        column.RightAligned();
                    }
                    table.AddColumn(column);
                }
                foreach (var row in list)
                {
                    table.AddRow(props.Select(p => Markup.Escape(Format(p.GetValue(row)))).ToArray());
                }
                AnsiConsole.Console.Write(table);
                break;
        }
    }

    /// <summary>One object: JSON as is; table and CSV as name/value pairs.</summary>
    public static void WriteObject(object value, OutputFormat format, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (format == OutputFormat.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Json));
            return;
        }
        var pairs = value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new NameValue(p.Name, Format(p.GetValue(value))));
        WriteRows(pairs, format, title);
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.######", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.####", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static bool IsNumeric(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal) || t == typeof(float);
    }

    sealed record NameValue(string Name, string Value);
}
