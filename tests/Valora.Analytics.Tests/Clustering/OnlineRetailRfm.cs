using System.Globalization;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clustering;

/// <summary>
/// R, F, M per customer of the UCI Online Retail file, cleaned as its README says (no 'C' invoices, a customer id,
/// quantity &gt; 0, unit price &gt; 0: 4,338 customers), as of 2011-12-10: recency = whole days from the last invoice
/// time to midnight of the reference date (pandas <c>(ref - max).days</c>), frequency = distinct invoices, monetary =
/// Σ quantity × unit price. Read plainly here, independently of Valora's importer.
/// </summary>
static class OnlineRetailRfm
{
    public const string File = "online-retail/online_retail.csv";

    public static (string[] Ids, double[][] Rfm) Load()
    {
        var reference = new DateTime(2011, 12, 10, 0, 0, 0, DateTimeKind.Unspecified);
        var last = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var invoices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var money = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in System.IO.File.ReadLines(SharedData.PathOf(File)).Skip(1))
        {
            var f = Split(line);
            var invoice = f[0];
            var customer = f[6];
            if (invoice.StartsWith('C') || customer.Length == 0)
            {
                continue;
            }
            var quantity = double.Parse(f[3], CultureInfo.InvariantCulture);
            var price = double.Parse(f[5], CultureInfo.InvariantCulture);
            if (quantity <= 0 || price <= 0)
            {
                continue;
            }
            var at = DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            last[customer] = last.TryGetValue(customer, out var seen) && seen > at ? seen : at;
            if (!invoices.TryGetValue(customer, out var set))
            {
                invoices[customer] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(invoice);
            money[customer] = money.GetValueOrDefault(customer) + quantity * price;
        }
        var ids = last.Keys.Order(StringComparer.Ordinal).ToArray();
        var rfm = ids.Select(id => new[]
        {
            Math.Floor((reference - last[id]).TotalDays), invoices[id].Count, money[id],
        }).ToArray();
        return (ids, rfm);
    }

    static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
