using System.CommandLine;
using System.Globalization;
using System.Text;
using Valora.Analytics.Campaigns;
using Valora.Data.Campaigns;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora campaign list</c>, <c>valora campaign results --campaign ID</c> (a stored campaign) or
/// <c>valora campaign results --data members.csv --group G --treatment T --control C --response R …</c> (a user's
/// table), and <c>valora campaign uplift --data members.csv … --features a,b,c --outcome R [--out uplift.csv]</c>.
/// </summary>
public static class CampaignCommand
{
    public static Command Create() => new("campaign", "Campaign results against the control group, and uplift models")
    {
        List(), Plan(), Import(), Attribute(), Results(), UpliftCommand(),
    };

    static Command List()
    {
        var command = new Command("list", "The campaigns with their contacted and control members");
        command.SetAction(async (result, ct) =>
        {
            var campaigns = await new CampaignResults(CliOptions.ExistingDatabaseFrom(result)).ListAsync(ct);
            ResultWriter.WriteRows(campaigns, result.GetValue(CliOptions.Format), $"{campaigns.Count} campaigns");
            return 0;
        });
        return command;
    }

    sealed record TableOptions(Option<string?> Data, Option<string?> Group, Option<string?> Treatment, Option<string?> Control,
        Option<string?> Response, Option<string?> Conversion, Option<string?> Revenue)
    {
        public static TableOptions Create() => new(
            new("--data") { Description = "A CSV of members (one row each) instead of a stored campaign" },
            new("--group") { Description = "--data: the column naming each member's group" },
            new("--treatment") { Description = "--data: the group value of the contacted members" },
            new("--control") { Description = "--data: the group value of the held-out members" },
            new("--response") { Description = "--data: 0/1 column, responded (visited, opened, clicked)" },
            new("--conversion") { Description = "--data: 0/1 column, bought in the window" },
            new("--revenue") { Description = "--data: revenue per member in the window" });

        public void AddTo(Command command)
        {
            command.Options.Add(Data);
            command.Options.Add(Group);
            command.Options.Add(Treatment);
            command.Options.Add(Control);
            command.Options.Add(Response);
            command.Options.Add(Conversion);
            command.Options.Add(Revenue);
        }

        public (TableFile Table, CampaignTableOptions Options) Read(ParseResult r)
        {
            var path = r.GetValue(Data) ?? throw new ArgumentException("--data: give the members' CSV file.");
            var options = new CampaignTableOptions(
                r.GetValue(Group) ?? throw new ArgumentException("--group: name the column that says each member's group."),
                r.GetValue(Treatment) ?? throw new ArgumentException("--treatment: give the group value of the contacted members."),
                r.GetValue(Control) ?? throw new ArgumentException("--control: give the group value of the control members."),
                r.GetValue(Response), r.GetValue(Conversion), r.GetValue(Revenue));
            return (TableFile.Read(path), options);
        }
    }

    static Command Plan()
    {
        var name = new Option<string>("--name") { Description = "The campaign's name", Required = true };
        var channel = new Option<string>("--channel") { Description = $"One of {string.Join(", ", PlanCampaign.Channels)}; e-mail, SMS and phone reach only customers who consent", Required = true };
        var segment = new Option<string?>("--segment") { Description = "Target a stored segment's latest members" };
        var rule = new Option<string?>("--rule") { Description = "Target the customers a segment rule matches now, e.g. \"churn_tier = 'high' and clv > 500\"" };
        var budget = new Option<decimal>("--budget") { Description = "The campaign's cost, for cost per conversion and ROI", DefaultValueFactory = _ => 0 };
        var starts = new Option<DateOnly>("--starts") { Description = "First day (yyyy-MM-dd); attribution windows start here", Required = true };
        var ends = new Option<DateOnly?>("--ends") { Description = "Last day (yyyy-MM-dd)" };
        var share = new Option<double>("--control-share") { Description = "Share of the target held out as a random control group, in (0, 1)", DefaultValueFactory = _ => PlanCampaign.DefaultControlShare };
        var seed = new Option<int?>("--seed") { Description = "Seed of the hold-out draw (default: drawn and recorded)" };
        var id = new Option<string?>("--id") { Description = "The campaign's id (default: generated)" };
        var command = new Command("plan", "Plan a campaign: its target, channel, budget and dates, with a random control group held out")
        {
            name, channel, segment, rule, budget, starts, ends, share, seed, id,
        };
        command.SetAction(async (r, ct) =>
        {
            var outcome = await new PlanCampaign(CliOptions.ExistingDatabaseFrom(r)).RunAsync(new CampaignPlan(
                r.GetValue(name), r.GetValue(channel), r.GetValue(segment), r.GetValue(rule), r.GetValue(budget), r.GetValue(starts),
                r.GetValue(ends), r.GetValue(share), r.GetValue(seed), r.GetValue(id)), null, DateTime.UtcNow, ct);
            var planned = outcome.Value ?? throw new ArgumentException(outcome.Message);
            ResultWriter.WriteObject(planned, r.GetValue(CliOptions.Format), string.Create(CultureInfo.InvariantCulture,
                $"Planned '{planned.Id}': {planned.Contacted} to contact, {planned.Control} held out (seed {planned.Seed})"));
            return 0;
        });
        return command;
    }

    static Command Import()
    {
        var id = new Option<string>("--id") { Description = "The stored campaign's id", Required = true };
        var name = new Option<string?>("--name") { Description = "Its name (default: the id)" };
        var starts = new Option<DateOnly>("--starts") { Description = "Its start day (yyyy-MM-dd): responses and conversions are dated to it", Required = true };
        var channel = new Option<string?>("--channel") { Description = "Its channel, e.g. email" };
        var budget = new Option<decimal>("--budget") { Description = "Its cost, for cost per conversion and ROI", DefaultValueFactory = _ => 0 };
        var table = TableOptions.Create();
        var command = new Command("import", "Store a table of members (one row each, with group and outcomes; e.g. Hillstrom) as a campaign") { id, name, starts, channel, budget };
        table.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            if (r.GetValue(table.Data) is null)
            {
                throw new ArgumentException("--data: give the CSV of members to store.");
            }
            var (file, options) = table.Read(r);
            var outcome = await new ImportCampaignTable(CliOptions.ExistingDatabaseFrom(r)).RunAsync(
                file, options, r.GetValue(id)!, r.GetValue(name), r.GetValue(starts), r.GetValue(channel), r.GetValue(budget), ct);
            var stored = outcome.Value ?? throw new ArgumentException("--id: " + outcome.Message);
            ResultWriter.WriteObject(stored, r.GetValue(CliOptions.Format), $"Stored campaign '{stored.Id}' (see valora campaign results --campaign {stored.Id})");
            return 0;
        });
        return command;
    }

    static Command Attribute()
    {
        var campaign = new Argument<string>("campaign") { Description = "The campaign's id" };
        var window = new Option<int>("--window-days") { Description = "Days from the start day in which a member's purchases count", DefaultValueFactory = _ => AttributeCampaign.DefaultWindowDays };
        var command = new Command("attribute", "Credit each member, contacted and control alike, with their purchases in the window (then see campaign results)") { campaign, window };
        command.SetAction(async (r, ct) =>
        {
            var days = r.GetValue(window);
            if (days is < 1 or > AttributeCampaign.MaxWindowDays)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--window-days: must be between 1 and {AttributeCampaign.MaxWindowDays} but was {days}."));
            }
            var id = r.GetValue(campaign)!;
            var attribution = await new AttributeCampaign(CliOptions.ExistingDatabaseFrom(r)).RunAsync(id, days, ct)
                ?? throw new ArgumentException($"campaign: there is no campaign '{id}' (see valora campaign list).");
            ResultWriter.WriteObject(attribution, r.GetValue(CliOptions.Format), "Attributed purchases");
            return 0;
        });
        return command;
    }

    static Command Results()
    {
        var campaign = new Option<string?>("--campaign") { Description = "The stored campaign's id" };
        var cost = new Option<double>("--cost") { Description = "--data: the campaign's cost, for cost per conversion and ROI", DefaultValueFactory = _ => 0 };
        var table = TableOptions.Create();
        var command = new Command("results", "Response, conversion and revenue per member, their uplift over the control group with 95 % intervals, cost figures") { campaign, cost };
        table.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var format = r.GetValue(CliOptions.Format);
            CampaignFigures figures;
            string title;
            if (r.GetValue(table.Data) is not null)
            {
                if (!(r.GetValue(cost) >= 0))
                {
                    throw new ArgumentException("--cost must be ≥ 0.");
                }
                var (file, options) = table.Read(r);
                var members = CampaignTable.Read(file, options);
                figures = CampaignFigures.Of(CampaignMeasurement.Measure(members.Members, r.GetValue(cost)));
                title = string.Create(CultureInfo.InvariantCulture,
                    $"'{options.Treatment}' vs '{options.Control}' ({members.Members.Count} members, {members.LeftOut} in other groups left out)");
            }
            else
            {
                var id = r.GetValue(campaign) ?? throw new ArgumentException("Give --campaign <id> (see valora campaign list) or --data <members.csv>.");
                var report = await new CampaignResults(CliOptions.ExistingDatabaseFrom(r)).ResultsAsync(id, ct)
                    ?? throw new ArgumentException($"--campaign: there is no campaign '{id}' (see valora campaign list).");
                figures = report.Results;
                title = $"{report.Name} ({report.Id})";
            }
            if (format == OutputFormat.Json)
            {
                ResultWriter.WriteObject(figures, format);
                return 0;
            }
            ResultWriter.WriteRows(Lines(figures), format, title);
            return 0;
        });
        return command;
    }

    static Command UpliftCommand()
    {
        var features = new Option<string>("--features") { Description = "Comma-separated feature columns", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "The 0/1 column the model predicts (e.g. the response column)", Required = true };
        var approach = new Option<UpliftApproach>("--approach") { Description = "TwoModel or ClassTransformation", DefaultValueFactory = _ => UpliftApproach.TwoModel };
        var holdout = new Option<double>("--holdout") { Description = "Share of members held out to measure the Qini coefficient", DefaultValueFactory = _ => 0.3 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and the learner", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Write every member's line, part, group, outcome and uplift to this CSV" };
        var table = TableOptions.Create();
        var command = new Command("uplift", "Learn who the campaign moves (uplift model) and measure it by the Qini coefficient on held-out members")
        {
            features, outcome, approach, holdout, seed, output,
        };
        table.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var (file, options) = table.Read(r);
            var names = r.GetValue(features)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var result = UpliftFromTable.Execute(file, options, names, r.GetValue(outcome)!, r.GetValue(approach), r.GetValue(holdout), r.GetValue(seed));
            if (r.GetValue(output) is { } path)
            {
                await WriteMembersAsync(path, result, ct);
            }
            var format = r.GetValue(CliOptions.Format);
            ResultWriter.WriteObject(new
            {
                result.Approach,
                result.Members,
                result.Trained,
                result.HeldOut,
                result.LeftOut,
                Features = string.Join(' ', result.Features),
                QiniCoefficient = result.Qini,
            }, format, "Uplift model (Qini on held-out members; a random ranking scores 0)");
            return 0;
        });
        return command;
    }

    static async Task WriteMembersAsync(string path, UpliftTableResult result, CancellationToken ct)
    {
        var text = new StringBuilder("line,held_out,treated,outcome,uplift\n");
        foreach (var m in result.Ranked)
        {
            text.Append(CultureInfo.InvariantCulture, $"{m.Line},{(m.HeldOut ? 1 : 0)},{(m.Treated ? 1 : 0)},{(m.Outcome ? 1 : 0)},{m.Uplift:R}\n");
        }
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text.ToString(), ct);
        File.Move(temp, path, overwrite: true);
    }

    sealed record Line(string Measure, string Treatment, string Control, string Uplift, string Interval95, string PValue);

    static IEnumerable<Line> Lines(CampaignFigures f)
    {
        static string N(double x, string format = "0.####") => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "";
        Line Of(string name, Uplift u) => new(name, N(u.Treatment), N(u.Control), N(u.Difference), $"{N(u.Lower)} .. {N(u.Upper)}", N(u.PValue, "0.####e0"));
        yield return new Line("Members", N(f.Treatment.Members), N(f.Control.Members), "", "", "");
        yield return Of("Response rate", f.ResponseUplift);
        yield return Of("Conversion rate", f.ConversionUplift);
        yield return Of("Revenue per member", f.RevenueUplift);
        yield return new Line("Incremental conversions", N(f.IncrementalConversions, "0.#"), "", "", "", "");
        yield return new Line("Incremental revenue", N(f.IncrementalRevenue, "0.##"), "", "", "", "");
        yield return new Line("Cost per conversion", f.CostPerConversion is { } c ? N(c, "0.##") : "", "", "", "", "");
        yield return new Line("Cost per incremental conversion", f.CostPerIncrementalConversion is { } ci ? N(ci, "0.##") : "", "", "", "", "");
        yield return new Line("Return on investment", f.ReturnOnInvestment is { } roi ? N(roi) : "", "", "", "", "");
    }
}
