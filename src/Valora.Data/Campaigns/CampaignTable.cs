using System.Globalization;
using Valora.Analytics.Campaigns;
using Valora.Analytics.Churn;
using Valora.Data.Tables;

namespace Valora.Data.Campaigns;

/// <summary>
/// Which columns of a user's campaign table (<c>valora campaign results|uplift --data members.csv</c>) say what: one row
/// per member, a group column whose values name the treatment and the control group (rows in other groups are left
/// out and counted), and outcome columns (0/1, true/false, yes/no) and a revenue column.
/// </summary>
/// <param name="Group">Column naming each member's group (e.g. <c>segment</c>).</param>
/// <param name="Treatment">Value of <see cref="Group"/> for the contacted members (e.g. <c>Mens E-Mail</c>).</param>
/// <param name="Control">Value of <see cref="Group"/> for the held-out members (e.g. <c>No E-Mail</c>).</param>
/// <param name="Response">0/1 column: responded (visited, opened, clicked); null when the table has none.</param>
/// <param name="Conversion">0/1 column: bought in the window; null when the table has none.</param>
/// <param name="Revenue">Revenue of each member in the window (≥ 0, blank = 0); null when the table has none.</param>
public sealed record CampaignTableOptions(
    string Group, string Treatment, string Control, string? Response = null, string? Conversion = null, string? Revenue = null);

/// <summary>The members of a campaign table in the two compared groups, with their outcomes and original lines.</summary>
public sealed record CampaignTableMembers(IReadOnlyList<MemberOutcome> Members, IReadOnlyList<int> Rows, int LeftOut);

/// <summary>Reads a campaign table: the rule for each value is checked, and a bad value names its line and column.</summary>
public static class CampaignTable
{
    public static CampaignTableMembers Read(TableFile table, CampaignTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Response is null && options.Conversion is null && options.Revenue is null)
        {
            throw new ArgumentException("Name at least one outcome column: --response, --conversion or --revenue.");
        }
        var group = table.Require(options.Group, "--group");
        var response = options.Response is null ? -1 : table.Require(options.Response, "--response");
        var conversion = options.Conversion is null ? -1 : table.Require(options.Conversion, "--conversion");
        var revenue = options.Revenue is null ? -1 : table.Require(options.Revenue, "--revenue");
        var members = new List<MemberOutcome>(table.Rows.Count);
        var rows = new List<int>(table.Rows.Count);
        var leftOut = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var g = row[group].Trim();
            bool treated;
            if (string.Equals(g, options.Treatment, StringComparison.Ordinal))
            {
                treated = true;
            }
            else if (string.Equals(g, options.Control, StringComparison.Ordinal))
            {
                treated = false;
            }
            else
            {
                leftOut++;
                continue;
            }
            members.Add(new MemberOutcome(treated, Flag(table, r, response), Flag(table, r, conversion), Money(table, r, revenue)));
            rows.Add(r);
        }
        var treatedCount = members.Count(m => m.Treated);
        if (treatedCount == 0 || treatedCount == members.Count)
        {
            var groups = string.Join(", ", table.Column(group).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).Take(20).Select(v => $"'{v}'"));
            throw new InvalidDataException(
                $"--{(treatedCount == 0 ? "treatment" : "control")}: no row of '{table.Path}' has {options.Group} = '{(treatedCount == 0 ? options.Treatment : options.Control)}'. Its groups are: {groups}.");
        }
        return new CampaignTableMembers(members, rows, leftOut);
    }

    static bool Flag(TableFile table, int r, int column)
    {
        if (column < 0)
        {
            return false;
        }
        var value = table.Rows[r][column].Trim();
        return value switch { "1" => true, "0" => false, _ => ColumnDetection.IsTrue(value) } ?? throw new InvalidDataException(
            $"'{table.Path}' line {table.Lines[r]}, column '{table.Columns[column]}': '{value}' is not 0/1, true/false or yes/no.");
    }

    static double Money(TableFile table, int r, int column)
    {
        if (column < 0 || ColumnDetection.IsBlank(table.Rows[r][column]))
        {
            return 0;
        }
        var value = table.Rows[r][column];
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x >= 0 && double.IsFinite(x)
            ? x
            : throw new InvalidDataException(
                $"'{table.Path}' line {table.Lines[r]}, column '{table.Columns[column]}': '{value}' is not an amount ≥ 0 (use '.' for decimals).");
    }
}
