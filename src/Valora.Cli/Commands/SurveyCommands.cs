using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Satisfaction;
using Valora.Data.Surveys;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora nps [--from D] [--to D]</c>, <c>valora satisfaction [--save] [--as-of D]</c> over the stored surveys, and
/// <c>valora kano --data answers.csv --feature F --functional C --dysfunctional C</c> over a user's table.
/// </summary>
public static class SurveyCommands
{
    public static Command Nps()
    {
        var from = new Option<DateOnly?>("--from") { Description = "First day of the window (yyyy-MM-dd)" };
        var to = new Option<DateOnly?>("--to") { Description = "Day after the last day (exclusive)" };
        var command = new Command("nps", "Net Promoter Score of the stored NPS answers, its 95 % interval and its trend by month") { from, to };
        command.SetAction(async (r, ct) =>
        {
            var report = await new SurveyResults(CliOptions.ExistingDatabaseFrom(r)).NpsAsync(r.GetValue(from), r.GetValue(to), ct);
            var format = r.GetValue(CliOptions.Format);
            if (format == OutputFormat.Json)
            {
                ResultWriter.WriteObject(report, format);
                return 0;
            }
            var o = report.Overall;
            CliRunner.Messages.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"NPS [bold]{o.Score:0.0}[/] (95 % {o.Lower:0.0} .. {o.Upper:0.0}) from {o.Answers} answers: {o.Promoters} promoters, {o.Passives} passives, {o.Detractors} detractors"));
            ResultWriter.WriteRows(report.Trend.Select(m => new NpsLine(m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.Nps.Answers,
                Math.Round(m.Nps.Score, 1), Math.Round(m.Nps.Lower, 1), Math.Round(m.Nps.Upper, 1))), format, "NPS by month");
            return 0;
        });
        return command;
    }

    public static Command Satisfaction()
    {
        var save = new Option<bool>("--save") { Description = "Store each customer's latest NPS answer and group and mean CSAT as scores" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "--save: answers on or before this day (default: the latest answer's day)" };
        var command = new Command("satisfaction", "Each survey question on its scale: mean, top-2 and bottom-2 box with the Wilson 95 % interval") { save, asOf };
        command.SetAction(async (r, ct) =>
        {
            var surveys = new SurveyResults(CliOptions.ExistingDatabaseFrom(r));
            var questions = await surveys.QuestionsAsync(ct);
            ResultWriter.WriteRows(questions.Select(q => new QuestionLine(q.Instrument, q.Question, q.Answers.Answers,
                Math.Round(q.Answers.Mean, 3), Math.Round(q.Answers.TopTwoBox, 4), Math.Round(q.Answers.TopTwoBoxLower, 4),
                Math.Round(q.Answers.TopTwoBoxUpper, 4), Math.Round(q.Answers.BottomTwoBox, 4))), r.GetValue(CliOptions.Format), "Satisfaction per question");
            if (r.GetValue(save))
            {
                var (day, customers) = await surveys.SaveAsync(r.GetValue(asOf), ct);
                CliRunner.Messages.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Saved satisfaction scores of {customers} customers as of {day:yyyy-MM-dd}."));
            }
            return 0;
        });
        return command;
    }

    public static Command KanoCommand()
    {
        var data = new Option<string>("--data") { Description = "CSV with one row per respondent and feature", Required = true };
        var feature = new Option<string>("--feature") { Description = "Column naming the feature", Required = true };
        var functional = new Option<string>("--functional") { Description = "Column of the functional answer, 1 (like) to 5 (dislike)", Required = true };
        var dysfunctional = new Option<string>("--dysfunctional") { Description = "Column of the dysfunctional answer, 1 to 5", Required = true };
        var command = new Command("kano", "Kano category of each feature with its Better/Worse coefficients") { data, feature, functional, dysfunctional };
        command.SetAction(r =>
        {
            var table = TableFile.Read(r.GetRequiredValue(data));
            var f = table.Require(r.GetRequiredValue(feature), "--feature");
            var fn = table.Require(r.GetRequiredValue(functional), "--functional");
            var dy = table.Require(r.GetRequiredValue(dysfunctional), "--dysfunctional");
            var pairs = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
            for (var i = 0; i < table.Rows.Count; i++)
            {
                var row = table.Rows[i];
                var name = row[f].Trim();
                if (name.Length == 0)
                {
                    throw new InvalidDataException($"'{table.Path}' line {table.Lines[i]}, column '{table.Columns[f]}': the feature is empty.");
                }
                (pairs.TryGetValue(name, out var list) ? list : pairs[name] = []).Add((Answer(table, i, fn), Answer(table, i, dy)));
            }
            var features = pairs.Select(p => Kano.Evaluate(p.Key, p.Value)).OrderByDescending(k => k.Better).ToList();
            ResultWriter.WriteRows(features.Select(k => new KanoLine(k.Feature, k.Answers, k.Category.ToString(),
                Math.Round(k.Better, 4), Math.Round(k.Worse, 4),
                k.Counts[KanoCategory.Attractive], k.Counts[KanoCategory.OneDimensional], k.Counts[KanoCategory.MustBe],
                k.Counts[KanoCategory.Indifferent], k.Counts[KanoCategory.Reverse], k.Counts[KanoCategory.Questionable])),
                r.GetValue(CliOptions.Format), "Kano evaluation");
            return 0;
        });
        return command;
    }

    static int Answer(TableFile table, int r, int column)
    {
        var v = table.Rows[r][column].Trim();
        return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a is >= 1 and <= 5
            ? a
            : throw new InvalidDataException($"'{table.Path}' line {table.Lines[r]}, column '{table.Columns[column]}': '{v}' is not a Kano answer 1 (like) to 5 (dislike).");
    }

    sealed record NpsLine(string Month, int Answers, double Nps, double Lower95, double Upper95);

    sealed record QuestionLine(string Instrument, string Question, int Answers, double Mean, double TopTwoBox, double TopTwoBoxLower95,
        double TopTwoBoxUpper95, double BottomTwoBox);

    sealed record KanoLine(string Feature, int Answers, string Category, double Better, double Worse, int A, int O, int M, int I, int R, int Q);
}
