namespace Valora.Data.Import.Records;

public sealed record ReferralRecord(string ReferrerExternalId, string ReferredExternalId, DateOnly ReferredOn);
