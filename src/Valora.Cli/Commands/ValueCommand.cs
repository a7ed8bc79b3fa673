using System.CommandLine;
using Valora.Data.Value;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora value concentration [--lorenz]</c>: how concentrated historic profit is across customers (Gini, the top
/// 10 % and 20 % shares, the fraction of customers making 80 % of profit, the distribution); <c>--lorenz</c> prints
/// the Lorenz curve instead (at most 101 points), e.g. as CSV for a chart.
/// </summary>
public static class ValueCommand
{
    public static Command Create()
    {
        var lorenz = new Option<bool>("--lorenz") { Description = "Print the Lorenz curve (share of customers, share of profit) instead of the summary" };
        var concentration = new Command("concentration", "Gini, top-10/20 % share and Lorenz curve of cumulative profit per customer") { lorenz };
        concentration.SetAction(async (result, ct) =>
        {
            var c = await new ProfitConcentration(CliOptions.ExistingDatabaseFrom(result)).ExecuteAsync(ct);
            var format = result.GetValue(CliOptions.Format);
            if (result.GetValue(lorenz))
            {
                ResultWriter.WriteRows(c.Lorenz, format, "Lorenz curve of cumulative profit");
                return 0;
            }
            var v = c.CustomerValue;
            ResultWriter.WriteObject(new
            {
                c.Gini,
                c.Top10PercentShare,
                c.Top20PercentShare,
                c.CustomerFractionFor80PercentOfProfit,
                v.Customers,
                TotalProfit = v.Total,
                MeanProfit = v.Mean,
                MinProfit = v.Min,
                LowerQuartile = v.LowerQuartile,
                MedianProfit = v.Median,
                UpperQuartile = v.UpperQuartile,
                MaxProfit = v.Max,
            }, format);
            return 0;
        });
        return new Command("value", "Historic customer value") { concentration };
    }
}
