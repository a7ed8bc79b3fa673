using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Valora.Data.Records;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>How the value of one field is chosen when two customers are merged.</summary>
public enum MergeRule
{
    /// <summary>The value that is not empty; the survivor's when both have one (or neither).</summary>
    MostComplete,

    /// <summary>
    /// The value of the customer whose latest activity (last order, interaction or ticket) is later, when it has one;
    /// otherwise the other's. Customer has no updated-at column, so activity stands in for recency. Neither active, or
    /// both on the same instant: as <see cref="MostComplete"/>.
    /// </summary>
    MostRecent,

    /// <summary>Chosen: the survivor's value, even when empty.</summary>
    Survivor,

    /// <summary>Chosen: the merged customer's value, even when empty.</summary>
    Merged,
}

/// <summary>What to merge and how: a default rule for every field and overrides per field (by the JSON name).</summary>
public sealed record MergeRequest(long SurvivorId, long MergedId, MergeRule Rule = MergeRule.MostComplete, IReadOnlyDictionary<string, MergeRule>? Fields = null)
{
    public MergeRule RuleFor(string field) => Fields is not null && Fields.TryGetValue(field, out var rule) ? rule : Rule;
}

/// <summary>
/// The customer fields a merge chooses between (every field but the id and the external id, which stay the
/// survivor's), their JSON names, and the rule names as the API and the CLI write them.
/// </summary>
public static class MergeRules
{
    /// <summary>JSON of merge records: web defaults, enums as camel-case names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>One field: its JSON name, type, how to read and write it, and when it counts as empty.</summary>
    public sealed record Field(string Name, Type Type, Func<Customer, object?> Get, Action<Customer, object?> Set)
    {
        public bool IsEmpty(Customer c) => Get(c) switch
        {
            null => true,
            string s => string.IsNullOrWhiteSpace(s),
            Gender g => g == Gender.Unknown,
            _ => false,
        };

        public JsonNode? ToJson(object? value) => JsonSerializer.SerializeToNode(value, Type, Json);

        public object? FromJson(JsonNode? node) => node is null ? null : node.Deserialize(Type, Json);
    }

    public static IReadOnlyList<Field> Fields { get; } =
    [
        new("name", typeof(string), c => c.Name, (c, v) => c.Name = (string?)v),
        new("email", typeof(string), c => c.Email, (c, v) => c.Email = (string?)v),
        new("phone", typeof(string), c => c.Phone, (c, v) => c.Phone = (string?)v),
        new("birthDate", typeof(DateOnly?), c => c.BirthDate, (c, v) => c.BirthDate = (DateOnly?)v),
        new("gender", typeof(Gender), c => c.Gender, (c, v) => c.Gender = (Gender)v!),
        new("income", typeof(decimal?), c => c.Income, (c, v) => c.Income = (decimal?)v),
        new("city", typeof(string), c => c.City, (c, v) => c.City = (string?)v),
        new("region", typeof(string), c => c.Region, (c, v) => c.Region = (string?)v),
        new("country", typeof(string), c => c.Country, (c, v) => c.Country = (string?)v),
        new("signupDate", typeof(DateOnly?), c => c.SignupDate, (c, v) => c.SignupDate = (DateOnly?)v),
        new("acquisitionChannel", typeof(string), c => c.AcquisitionChannel, (c, v) => c.AcquisitionChannel = (string?)v),
        new("acquisitionCost", typeof(decimal?), c => c.AcquisitionCost, (c, v) => c.AcquisitionCost = (decimal?)v),
        new("emailConsent", typeof(bool), c => c.EmailConsent, (c, v) => c.EmailConsent = (bool)v!),
        new("smsConsent", typeof(bool), c => c.SmsConsent, (c, v) => c.SmsConsent = (bool)v!),
        new("phoneConsent", typeof(bool), c => c.PhoneConsent, (c, v) => c.PhoneConsent = (bool)v!),
    ];

    public const string RuleNames = "mostComplete, mostRecent, survivor or merged";

    public static string NameOf(MergeRule rule) => JsonNamingPolicy.CamelCase.ConvertName(rule.ToString());

    public static MergeRule? Parse(string? rule) => rule?.Trim() switch
    {
        null or "" or "mostComplete" => MergeRule.MostComplete,
        "mostRecent" => MergeRule.MostRecent,
        "survivor" => MergeRule.Survivor,
        "merged" => MergeRule.Merged,
        _ => null,
    };

    /// <summary>
    /// A request from the caller's words: <paramref name="rule"/> for every field (default mostComplete) and
    /// <paramref name="fields"/> naming a rule per field; a bad one is a <see cref="RecordValidationException"/>
    /// naming <c>rule</c> or <c>fields.{name}</c>.
    /// </summary>
    public static MergeRequest Request(long survivorId, long mergedId, string? rule, IReadOnlyDictionary<string, string>? fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Parse(rule) is not { } byDefault)
        {
            errors["rule"] = [$"must be {RuleNames}."];
            byDefault = MergeRule.MostComplete;
        }
        var overrides = new Dictionary<string, MergeRule>(StringComparer.Ordinal);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            if (!Fields.Any(f => f.Name == name))
            {
                errors[$"fields.{name}"] = [$"is not a field a merge chooses; the fields are {string.Join(", ", Fields.Select(f => f.Name))}."];
            }
            else if (Parse(value) is { } parsed && !string.IsNullOrWhiteSpace(value))
            {
                overrides[name] = parsed;
            }
            else
            {
                errors[$"fields.{name}"] = [$"must be {RuleNames}."];
            }
        }
        return errors.Count > 0 ? throw new RecordValidationException(errors) : new MergeRequest(survivorId, mergedId, byDefault, overrides);
    }
}
