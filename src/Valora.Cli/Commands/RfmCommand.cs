using System.CommandLine;
using Valora.Analytics.Rfm;
using Valora.Data.Rfm;

namespace Valora.Cli.Commands;

/// <summary><c>valora rfm [--as-of D]</c>: RFM scores and segments, saved to the scores table.</summary>
public static class RfmCommand
{
    public static Command Create()
    {
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Score as of this date (yyyy-MM-dd); default: the day of the latest purchase" };
        var bands = new Option<int>("--bands") { Description = "Score bands (quantiles)", DefaultValueFactory = _ => RfmOptions.DefaultBands };
        var monetary = new Option<RfmMonetary>("--monetary") { Description = "Monetary as Total or AveragePerOrder", DefaultValueFactory = _ => RfmMonetary.Total };
        var customers = new Option<bool>("--customers") { Description = "Print every customer's scores instead of the segment summary" };
        var noSave = new Option<bool>("--no-save") { Description = "Do not write the scores to the database" };
        var command = new Command("rfm", "Recency/frequency/monetary scores and named segments") { asOf, bands, monetary, customers, noSave };
        command.SetAction(async (result, ct) =>
        {
            var options = new RfmOptions { Bands = result.GetValue(bands), Monetary = result.GetValue(monetary) };
            var run = await new RunRfm(CliOptions.ExistingDatabaseFrom(result)).ExecuteAsync(result.GetValue(asOf), options, !result.GetValue(noSave), ct);
            var format = result.GetValue(CliOptions.Format);
            if (result.GetValue(customers))
            {
                ResultWriter.WriteRows(run.Customers, format, $"RFM as of {run.AsOf:yyyy-MM-dd}");
            }
            else
            {
                ResultWriter.WriteRows(run.Segments, format, $"RFM segments as of {run.AsOf:yyyy-MM-dd} ({run.Customers.Count} customers)");
            }
            return 0;
        });
        return command;
    }
}
