using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Recommendations;
using Valora.Data.Recommendations;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora recommend [--top-k 10] [--weight 0.1] [--no-save]</c>: item-based collaborative filtering blended with
/// popularity on the stored orders, each customer's three best offers stored with their reasons;
/// <c>valora recommend customer ID [--top 10]</c>: one customer's offers with reasons;
/// <c>valora recommend evaluate [--split D] [--top 10] [--data purchases.csv]</c>: item-CF beside the popularity
/// baseline on a time split (hit rate, precision, recall, MAP at N and catalogue coverage).
/// </summary>
public static class RecommendCommand
{
    public static Command Create()
    {
        var (topK, weight) = ModelOptions();
        var noSave = new Option<bool>("--no-save") { Description = "Do not store the offers" };
        var command = new Command("recommend", "Next-best offers by item-based collaborative filtering (cosine over who bought what) blended with popularity, stored per customer with a reason; see also recommend customer and recommend evaluate")
        {
            topK, weight, noSave, Customer(), Evaluate(),
        };
        command.SetAction(async (result, ct) =>
        {
            var options = Options(result, topK, weight);
            var save = !result.GetValue(noSave);
            var run = await new RecommendCustomers(CliOptions.ExistingDatabaseFrom(result)).ExecuteAsync(options, save, ct);
            if (save)
            {
                CliRunner.Messages.WriteLine($"stored the offers of {run.Customers} customers as {run.Version} (as of {run.AsOf:yyyy-MM-dd})");
            }
            ResultWriter.WriteObject(run, result.GetValue(CliOptions.Format), string.Create(CultureInfo.InvariantCulture,
                $"Item-CF offers ({run.Version}): {run.ProductsOffered} of {run.Products} products offered, {run.ByPopularity} of {run.Offers} offers for popularity"));
            return 0;
        });
        return command;
    }

    static Command Customer()
    {
        var (topK, weight) = ModelOptions();
        var id = new Argument<long>("id") { Description = "The customer's id" };
        var top = new Option<int>("--top") { Description = $"Offers to list (1–{RecommendCustomers.MaxTop})", DefaultValueFactory = _ => 10 };
        var command = new Command("customer", "One customer's next-best products by item-CF with the reason for each (the bought product it is most similar to, or popular)")
        {
            id, top, topK, weight,
        };
        command.SetAction(async (result, ct) =>
        {
            var n = result.GetValue(top);
            if (n is < 1 or > RecommendCustomers.MaxTop)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--top: must be between 1 and {RecommendCustomers.MaxTop} but was {n}."));
            }
            var options = Options(result, topK, weight);
            CustomerItemOffers offers;
            try
            {
                offers = await new RecommendCustomers(CliOptions.ExistingDatabaseFrom(result)).ForCustomerAsync(result.GetValue(id), n, options, ct);
            }
            catch (KeyNotFoundException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
            var rows = offers.Offers.Select((o, k) => new OfferLine(k + 1, o.Sku, o.Name, o.Score, o.Similarity, o.Buyers, o.Reason)).ToList();
            ResultWriter.WriteRows(rows, result.GetValue(CliOptions.Format), string.Create(CultureInfo.InvariantCulture,
                $"Customer {offers.CustomerId}: {rows.Count} offers ({offers.Version}, orders up to {offers.AsOf:yyyy-MM-dd}; {offers.Bought} products bought)"));
            return 0;
        });
        return command;
    }

    static Command Evaluate()
    {
        var (topK, weight) = ModelOptions();
        var split = new Option<DateOnly?>("--split") { Description = $"First day of the test period (yyyy-MM-dd); training is every purchase before it (default: {EvaluateRecommendations.DefaultTestDays} days before the day after the latest purchase)" };
        var top = new Option<int>("--top") { Description = $"N of the top-N lists (1–{EvaluateRecommendations.MaxTop})", DefaultValueFactory = _ => 10 };
        var data = new Option<FileInfo?>("--data") { Description = "CSV of purchases, one (customer, product, date) per row, with a header (default: the stored orders)" };
        var customer = new Option<string>("--customer") { Description = "With --data: the column naming the customer", DefaultValueFactory = _ => "customer" };
        var item = new Option<string>("--item") { Description = "With --data: the column naming the product", DefaultValueFactory = _ => "product" };
        var date = new Option<string>("--date") { Description = "With --data: the column holding the purchase date (yyyy-MM-dd[ HH:mm:ss])", DefaultValueFactory = _ => "date" };
        var command = new Command("evaluate", "Item-CF beside the popularity baseline on a time split: hit rate, precision, recall and MAP at N and catalogue coverage, over the customers who bought before the split and something new after it")
        {
            split, top, topK, weight, data, customer, item, date,
        };
        command.SetAction(async (result, ct) =>
        {
            var n = result.GetValue(top);
            if (n is < 1 or > EvaluateRecommendations.MaxTop)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--top: must be between 1 and {EvaluateRecommendations.MaxTop} but was {n}."));
            }
            var options = Options(result, topK, weight);
            RecommendEvaluation e;
            if (result.GetValue(data) is { } file)
            {
                var table = TableFile.Read(file.FullName);
                foreach (var reject in table.Rejected.Take(5))
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {reject.Line} skipped: {reject.Reason}"));
                }
                var history = PurchaseHistory.FromTable(table, result.GetValue(customer)!, result.GetValue(item)!, result.GetValue(date)!);
                e = EvaluateRecommendations.Evaluate(history, result.GetValue(split), n, options);
            }
            else
            {
                if (result.GetResult(customer) is { Implicit: false } || result.GetResult(item) is { Implicit: false } || result.GetResult(date) is { Implicit: false })
                {
                    throw new ArgumentException("--customer, --item and --date name columns of --data; the stored orders need none.");
                }
                e = await EvaluateRecommendations.OnStoredAsync(CliOptions.ExistingDatabaseFrom(result), result.GetValue(split), n, options, ct);
            }
            Print(e, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    /// <summary>The split's counts, then one row per measure with both methods side by side (JSON: one document).</summary>
    public static void Print(RecommendEvaluation e, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(e);
        var summary = new EvaluationSummary(e.Split, e.Top, RecommendCustomers.VersionOf(e.Options), e.Customers, e.Items, e.Purchases,
            e.ActiveInBoth, e.OnlyRebought, e.ItemCf.Customers, e.CatalogueItems, e.TrainSeconds);
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(new { Summary = summary, e.ItemCf, e.Popularity }, format);
            return;
        }
        ResultWriter.WriteObject(summary, format, string.Create(CultureInfo.InvariantCulture,
            $"Train before {e.Split:yyyy-MM-dd}, test from it on: {e.ItemCf.Customers} customers bought before and something new after"));
        var k = e.Top.ToString(CultureInfo.InvariantCulture);
        var rows = new List<MeasureLine>
        {
            new($"hit rate@{k}", e.ItemCf.HitRate, e.Popularity.HitRate),
            new($"precision@{k}", e.ItemCf.Precision, e.Popularity.Precision),
            new($"recall@{k}", e.ItemCf.Recall, e.Popularity.Recall),
            new($"MAP@{k}", e.ItemCf.Map, e.Popularity.Map),
            new("catalogue coverage", e.ItemCf.Coverage, e.Popularity.Coverage),
            new("products recommended", e.ItemCf.ItemsRecommended, e.Popularity.ItemsRecommended),
        };
        ResultWriter.WriteRows(rows, format, "Item-CF beside popularity");
    }

    static (Option<int?> TopK, Option<double> Weight) ModelOptions() => (
        new Option<int?>("--top-k") { Description = $"Most similar products kept per product (default {ItemRecommenderOptions.DefaultTopK})", DefaultValueFactory = _ => ItemRecommenderOptions.DefaultTopK },
        new Option<double>("--weight") { Description = "Popularity weight w in (1 − w)·similarity + w·popularity, in [0, 1] (0: item-CF alone)", DefaultValueFactory = _ => ItemRecommenderOptions.DefaultPopularityWeight });

    static ItemRecommenderOptions Options(ParseResult result, Option<int?> topK, Option<double> weight)
    {
        var k = result.GetValue(topK);
        if (k is < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--top-k: must be at least 1 but was {k}."));
        }
        var w = result.GetValue(weight);
        if (!(w >= 0 && w <= 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--weight: must be in [0, 1] but was {w}."));
        }
        return new ItemRecommenderOptions { TopK = k, PopularityWeight = w };
    }

    sealed record OfferLine(int Rank, string Sku, string? Name, double Score, double Similarity, int Buyers, string Reason);

    sealed record MeasureLine(string Measure, double ItemCf, double Popularity);

    sealed record EvaluationSummary(DateOnly Split, int Top, string Version, int Customers, int Products, int Purchases,
        int ActiveInBoth, int OnlyRebought, int Evaluated, int CatalogueProducts, double TrainSeconds);
}
