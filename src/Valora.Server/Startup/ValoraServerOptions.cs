namespace Valora.Server.Startup;

/// <summary>Server settings from the <c>Valora</c> configuration section.</summary>
public sealed class ValoraServerOptions
{
    public const string SectionName = "Valora";

    /// <summary>When the database has no customers at start, fill it with demo data (default true).</summary>
    public bool SeedDemoOnFirstStart { get; set; } = true;

    /// <summary>How many demo customers the first-start seeding creates (default 2000).</summary>
    public int DemoCustomers { get; set; } = 2000;

    /// <summary>Random seed of the demo data, so every fresh start shows the same customers (default 42).</summary>
    public int DemoSeed { get; set; } = 42;

    /// <summary>
    /// Addresses to listen on when nothing else sets them (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>,
    /// <c>HTTP_PORTS</c>, <c>Kestrel:Endpoints</c>). Default <c>http://localhost:5080</c>.
    /// </summary>
    public string DefaultUrls { get; set; } = "http://localhost:5080";
}
