namespace Valora.Data.Demo;

/// <summary>A tag on a generated customer ("vip", "newsletter", …).</summary>
public sealed record DemoCustomerTag(string CustomerExternalId, string Tag);
