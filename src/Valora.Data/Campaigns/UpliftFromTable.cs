using Valora.Analytics.Campaigns;
using Valora.Analytics.Churn;
using Valora.Analytics.Value;
using Valora.Data.Tables;

namespace Valora.Data.Campaigns;

/// <summary>
/// Use case: an uplift model from a user's randomised campaign table (<c>valora campaign uplift --data members.csv</c>):
/// the members of the two groups are split at random (seeded, stratified by group) into a training part and a
/// held-out part; features are encoded on the training part only (numbers standardised, blanks → training median,
/// categories one-hot, yes/no as 0/1), the model is learned on it, and its Qini coefficient and curve are measured
/// on the held-out part, beside the random ranking (0 by definition). Every member then gets its predicted uplift.
/// </summary>
public static class UpliftFromTable
{
    /// <param name="features">Feature columns, by name.</param>
    /// <param name="outcome">Which outcome the model predicts: the options' response or conversion column.</param>
    /// <param name="holdoutShare">Share of members held out to measure the Qini coefficient, in (0, 0.9].</param>
    public static UpliftTableResult Execute(TableFile table, CampaignTableOptions options, IReadOnlyList<string> features,
        string outcome, UpliftApproach approach = UpliftApproach.TwoModel, double holdoutShare = 0.3, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(features);
        if (!(holdoutShare > 0 && holdoutShare <= 0.9))
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutShare), holdoutShare, "--holdout must be in (0, 0.9] (0.3 = 30 % of members held out).");
        }
        if (features.Count == 0)
        {
            throw new ArgumentException("--features: name at least one feature column.");
        }
        var outcomeOptions = string.Equals(outcome, options.Response, StringComparison.Ordinal) || string.Equals(outcome, options.Conversion, StringComparison.Ordinal)
            ? options with { Revenue = null }
            : options with { Response = outcome, Conversion = null, Revenue = null };
        var read = CampaignTable.Read(table, outcomeOptions);
        var y = read.Members.Select(m => string.Equals(outcome, outcomeOptions.Conversion, StringComparison.Ordinal) ? m.Converted : m.Responded).ToArray();
        var t = read.Members.Select(m => m.Treated).ToArray();

        var columns = features.Select(name =>
        {
            var index = table.Require(name, "--features");
            var detected = ColumnDetection.Detect(name, table.Column(index));
            return new FeatureColumn(name, index, detected.Kind ?? throw new InvalidDataException($"--features: column '{name}' cannot be a feature: {detected.Note}."));
        }).ToArray();

        // Seeded split, stratified by group so both parts keep the randomised treated share.
        var random = new Random(seed);
        var held = new bool[read.Members.Count];
        foreach (var group in new[] { true, false })
        {
            var ids = Enumerable.Range(0, t.Length).Where(i => t[i] == group).ToArray();
            random.Shuffle(ids);
            foreach (var i in ids.Take((int)Math.Round(holdoutShare * ids.Length)))
            {
                held[i] = true;
            }
        }
        var rows = read.Rows.Select(r => table.Rows[r]).ToArray();
        var train = Enumerable.Range(0, rows.Length).Where(i => !held[i]).ToArray();
        var test = Enumerable.Range(0, rows.Length).Where(i => held[i]).ToArray();
        FeatureEncoder encoder;
        float[][] x;
        try
        {
            encoder = FeatureEncoder.Fit(rows, columns, train);
            var binding = columns.Select(c => c.Index).ToArray();
            x = rows.Select((row, i) => encoder.Encode(row, binding, table.Lines[read.Rows[i]])).ToArray();
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"'{table.Path}': {ex.Message}", ex);
        }
        UpliftModel model;
        try
        {
            model = UpliftModel.Fit([.. train.Select(i => x[i])], [.. train.Select(i => t[i])], [.. train.Select(i => y[i])], approach, seed);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"The uplift model cannot be learned from '{table.Path}': {ex.Message}", ex);
        }
        var uplift = model.Predict(x);
        var testScore = test.Select(i => uplift[i]).ToArray();
        var testTreated = test.Select(i => t[i]).ToArray();
        var testOutcome = test.Select(i => y[i]).ToArray();
        var curve = QiniCurve.Of(testScore, testTreated, testOutcome);
        return new UpliftTableResult(
            approach, read.Members.Count, train.Length, test.Length, read.LeftOut, encoder.FeatureNames(),
            QiniCurve.Coefficient(testScore, testTreated, testOutcome),
            Concentration.Downsample([.. curve.Targeted.Select((x, i) => new QiniPoint(x, curve.Incremental[i]))], Concentration.CurvePoints),
            [.. read.Rows.Select((r, i) => new MemberUplift(table.Lines[r], held[i], t[i], y[i], uplift[i]))]);
    }
}

/// <summary>An uplift model learned from a campaign table and judged on held-out members.</summary>
/// <param name="Qini">Qini coefficient on the held-out members (0 = a random ranking, 1 = the perfect one).</param>
/// <param name="Curve">The Qini curve on the held-out members, at most 101 points.</param>
/// <param name="Scored">Every member with its line, part, group, outcome and predicted uplift.</param>
public sealed record UpliftTableResult(
    UpliftApproach Approach, int Members, int Trained, int HeldOut, int LeftOut, IReadOnlyList<string> Features,
    double Qini, IReadOnlyList<QiniPoint> Curve, IReadOnlyList<MemberUplift> Scored)
{
    /// <summary>The members in uplift order, most persuadable first.</summary>
    public IEnumerable<MemberUplift> Ranked => Scored.OrderByDescending(m => m.Uplift);
}

/// <param name="Targeted">Members targeted from the top of the ranking.</param>
/// <param name="Incremental">Incremental responders among them.</param>
public readonly record struct QiniPoint(double Targeted, double Incremental);

/// <param name="Line">The member's line in the file.</param>
/// <param name="HeldOut">True when the member was held out of training.</param>
/// <param name="Uplift">Predicted change in the outcome's probability if contacted.</param>
public readonly record struct MemberUplift(long Line, bool HeldOut, bool Treated, bool Outcome, double Uplift);
