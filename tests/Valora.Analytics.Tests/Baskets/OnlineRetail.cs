using System.Globalization;
using Valora.Analytics.Baskets;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Baskets;

/// <summary>
/// UCI Online Retail (../shared/data/online-retail, 541,909 lines), read plainly and cleaned as issue 14 defines it:
/// no cancellations (invoice "C…"), no missing customer, quantity and price &gt; 0, stock codes starting with 5 digits
/// (which drops POST, DOT, M, BANK CHARGES and the other non-merchandise codes); basket = invoice, item = stock code.
/// </summary>
static class OnlineRetail
{
    public const string File = "online-retail/online_retail.csv";

    public sealed record Line(string Invoice, string StockCode, int Quantity, DateTime InvoiceDate, double UnitPrice,
        string Customer, string Country);

    static readonly Lazy<IReadOnlyList<Line>> Cleaned = new(Load);

    public static IReadOnlyList<Line> Lines => Cleaned.Value;

    public static BasketData Baskets(string? country = null)
    {
        var builder = new BasketBuilder();
        foreach (var l in Lines)
        {
            if (country is null || l.Country == country)
            {
                builder.Add(l.Invoice, l.StockCode);
            }
        }
        return builder.Build();
    }

    static IReadOnlyList<Line> Load()
    {
        var lines = new List<Line>();
        foreach (var raw in System.IO.File.ReadLines(SharedData.PathOf(File)).Skip(1))
        {
            var f = Split(raw);
            var invoice = f[0];
            var code = f[1];
            if (invoice.StartsWith('C') || f[6].Length == 0 || code.Length < 5 || code.AsSpan(0, 5).ContainsAnyExceptInRange('0', '9'))
            {
                continue;
            }
            var quantity = int.Parse(f[3], CultureInfo.InvariantCulture);
            var price = double.Parse(f[5], CultureInfo.InvariantCulture);
            if (quantity <= 0 || price <= 0)
            {
                continue;
            }
            lines.Add(new Line(invoice, code, quantity,
                DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), price,
                f[6], f[7]));
        }
        return lines;
    }

    /// <summary>Splits one line; descriptions holding a comma are double-quoted (a doubled quote is a quote).</summary>
    static string[] Split(string line)
    {
        var fields = new List<string>(8);
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (ch == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (ch == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
