using Valora.Analytics.Segments;

namespace Valora.Analytics.Tests.Segments;

public sealed class SegmentRuleTests
{
    static readonly Dictionary<string, FieldType> Fields = new()
    {
        ["monthly_avg_spend"] = FieldType.Number,
        ["orders_12m"] = FieldType.Number,
        ["days_since_last_purchase"] = FieldType.Number,
        ["clv"] = FieldType.Number,
        ["rfm_segment"] = FieldType.Text,
        ["country"] = FieldType.Text,
        ["tag"] = FieldType.TextSet,
        ["email_consent"] = FieldType.Boolean,
    };

    sealed record Customer(Dictionary<string, double> Numbers, Dictionary<string, string> Labels, string[] Tags, bool? Consent) : ISegmentRecord
    {
        public double? Number(string field) => Numbers.TryGetValue(field, out var x) ? x : null;
        public string? Text(string field) => Labels.GetValueOrDefault(field);
        public IReadOnlyCollection<string> Texts(string field) => field == "tag" ? Tags : [];
        public bool? Boolean(string field) => Consent;
    }

    static readonly Customer Ann = new(
        new() { ["monthly_avg_spend"] = 6000, ["orders_12m"] = 12, ["days_since_last_purchase"] = 100, ["clv"] = 800 },
        new() { ["rfm_segment"] = "Champions", ["country"] = "France" }, ["vip", "b2b"], true);

    static readonly Customer Bob = new(
        new() { ["monthly_avg_spend"] = 5000, ["orders_12m"] = 3 },
        new() { ["rfm_segment"] = "At risk" }, [], null);

    static bool Match(string rule, Customer c) => SegmentRule.Parse(rule, Fields).Matches(c);

    [Theory]
    [InlineData("monthly_avg_spend > 5000", true, false)]
    [InlineData("monthly_avg_spend >= 5000", true, true)]
    [InlineData("monthly_avg_spend < 5000", false, false)]
    [InlineData("monthly_avg_spend <= 5000", false, true)]
    [InlineData("monthly_avg_spend = 5000", false, true)]
    [InlineData("monthly_avg_spend == 6000", true, false)]
    [InlineData("monthly_avg_spend != 5000", true, false)]
    [InlineData("monthly_avg_spend <> 6000", false, true)]
    [InlineData("orders_12m > 10", true, false)]
    [InlineData("days_since_last_purchase > 90 and clv > 500", true, false)]
    [InlineData("clv > 500 or orders_12m < 5", true, true)]
    [InlineData("not orders_12m > 10", false, true)]
    [InlineData("not (orders_12m > 10 or clv > 100)", false, true)]
    [InlineData("orders_12m > 10 or orders_12m = 3 and clv > 1", true, false)]
    [InlineData("(orders_12m > 10 or orders_12m = 3) and clv > 1", true, false)]
    [InlineData("rfm_segment in ('Champions','Loyal')", true, false)]
    [InlineData("rfm_segment not in ('Champions', 'Loyal')", false, true)]
    [InlineData("RFM_SEGMENT = 'champions'", true, false)]
    [InlineData("rfm_segment = \"At risk\"", false, true)]
    [InlineData("tag = 'vip'", true, false)]
    [InlineData("tag != 'vip'", false, true)]
    [InlineData("tag in ('b2b', 'press')", true, false)]
    [InlineData("email_consent = true", true, false)]
    [InlineData("email_consent != true", false, false)]
    [InlineData("email_consent is null", false, true)]
    [InlineData("clv is null", false, true)]
    [InlineData("clv is not null", true, false)]
    [InlineData("clv != 800", false, false)]
    [InlineData("country not in ('Spain')", true, false)]
    [InlineData("days_since_last_purchase > 1e1 and monthly_avg_spend > -1.5", true, false)]
    public void EveryOperator_EvaluatesAsDocumented(string rule, bool ann, bool bob)
    {
        Assert.Equal(ann, Match(rule, Ann));
        Assert.Equal(bob, Match(rule, Bob));
    }

    [Fact]
    public void Parse_ListsTheFieldsRead()
    {
        Assert.Equal(["days_since_last_purchase", "clv"], SegmentRule.Parse("Days_Since_Last_Purchase > 90 and clv > 500 and clv < 900", Fields).Fields);
    }

    [Theory]
    [InlineData("", 1, "the rule is empty")]
    [InlineData("orders_12m >", 13, "the rule ends after '>': expected a number such as 500.")]
    [InlineData("orders_12m > 'ten'", 14, "'orders_12m' is a number: expected a number such as 500, not the text 'ten'.")]
    [InlineData("rfm_segment > 'A'", 13, "'rfm_segment' is a text: '>' compares numbers only (use = != or in).")]
    [InlineData("orderz_12m > 10", 1, "unknown field 'orderz_12m'.")]
    [InlineData("spend > 10", 1, "unknown field 'spend' (did you mean monthly_avg_spend?).")]
    [InlineData("orders_12m > 10 and", 20, "the rule ends where a condition was expected.")]
    [InlineData("orders_12m > 10 clv > 5", 17, "expected 'and', 'or' or the end of the rule, not 'clv'.")]
    [InlineData("(orders_12m > 10", 17, "expected ')' to close the '(' at position 1.")]
    [InlineData("rfm_segment in 'A'", 16, "expected '(' and a list of values after 'in'.")]
    [InlineData("rfm_segment in ('A' 'B')", 21, "expected ',' or ')' in the list of values.")]
    [InlineData("rfm_segment = 'Champions", 15, "the text starting here is never closed (add a ').")]
    [InlineData("orders_12m ! 3", 12, "'!' alone is not an operator: use != or not.")]
    [InlineData("orders_12m > 1.2.3", 14, "'1.2.3' is not a number (use '.' for decimals).")]
    [InlineData("orders_12m ~ 3", 12, "unexpected character '~'.")]
    [InlineData("orders_12m 3", 12, "expected an operator (= != < <= > >= in is) after 'orders_12m', not '3'.")]
    [InlineData("clv is 3", 8, "expected null after 'is' (is null, is not null).")]
    [InlineData("email_consent = 'yes'", 17, "'email_consent' is true or false: expected true or false, not the text 'yes'.")]
    [InlineData("rfm_segment not = 'A'", 17, "expected 'in' after 'rfm_segment not'.")]
    public void BadRules_NameThePositionAndTheReason(string rule, int position, string reason)
    {
        var error = Assert.Throws<SegmentRuleException>(() => SegmentRule.Parse(rule, Fields));
        Assert.Equal(position, error.Position);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"At position {position}: ", error.Message, StringComparison.Ordinal);
    }
}
