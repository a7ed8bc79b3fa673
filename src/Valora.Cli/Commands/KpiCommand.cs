using System.CommandLine;
using Valora.Data.Kpi;

namespace Valora.Cli.Commands;

/// <summary><c>valora kpi --from D --to D</c>.</summary>
public static class KpiCommand
{
    public static Command Create()
    {
        var from = new Option<DateOnly>("--from") { Description = "First day of the window (yyyy-MM-dd)", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Day after the last day of the window (exclusive)", Required = true };
        var cohorts = new Option<bool>("--cohorts") { Description = "Print the cohort retention matrix (share active by months since first purchase)" };
        var command = new Command("kpi", "Retention, churn, repeat purchase, conversion, order value, frequency, revenue per customer") { from, to, cohorts };
        command.SetAction(async (result, ct) =>
        {
            var report = await new ComputeKpis(CliOptions.ExistingDatabaseFrom(result)).ExecuteAsync(result.GetValue(from), result.GetValue(to), ct);
            var format = result.GetValue(CliOptions.Format);
            if (format == OutputFormat.Json)
            {
                ResultWriter.WriteObject(report, format);
                return 0;
            }
            if (result.GetValue(cohorts))
            {
                var rows = report.Cohorts.Cohorts.Select(c => new CohortLine(
                    c.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), c.Size,
                    string.Join(' ', c.ActiveShare.Select(s => s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))));
                ResultWriter.WriteRows(rows, format, "Cohort retention (share active in month 0, 1, 2, …)");
                return 0;
            }
            var w = report.Window;
            ResultWriter.WriteObject(new
            {
                Window = $"{report.From:yyyy-MM-dd} .. {report.To.AddDays(-1):yyyy-MM-dd}",
                report.Retention?.BaseCustomers,
                report.Retention?.RetentionRate,
                report.Retention?.ChurnRate,
                w.Orders,
                w.Customers,
                w.Revenue,
                w.AverageOrderValue,
                w.PurchaseFrequency,
                w.RevenuePerCustomer,
                RepeatPurchaseRateInWindow = w.RepeatPurchaseRate,
                RepeatPurchaseRateToDate = report.RepeatPurchaseRate,
                report.CampaignMembersContacted,
                report.ConversionRate,
            }, format, "KPIs");
            return 0;
        });
        return command;
    }

    sealed record CohortLine(string Cohort, int Size, string ActiveShareByMonth);
}
