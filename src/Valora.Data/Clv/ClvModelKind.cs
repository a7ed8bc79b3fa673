namespace Valora.Data.Clv;

/// <summary>The lifetime-value models Valora fits. Purchase models: BG/NBD, Pareto/NBD; spend model: Gamma-Gamma.</summary>
public enum ClvModelKind
{
    BgNbd = 0,
    ParetoNbd = 1,
    GammaGamma = 2,
}

public static class ClvModelKinds
{
    /// <summary>The short name stored in <c>ModelRuns.Kind</c> and used on the command line.</summary>
    public static string Name(this ClvModelKind kind) => kind switch
    {
        ClvModelKind.BgNbd => "bgnbd",
        ClvModelKind.ParetoNbd => "paretonbd",
        ClvModelKind.GammaGamma => "gammagamma",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static ClvModelKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "bgnbd" or "bg/nbd" or "bg-nbd" => ClvModelKind.BgNbd,
        "paretonbd" or "pareto/nbd" or "pareto-nbd" => ClvModelKind.ParetoNbd,
        "gammagamma" or "gamma-gamma" or "gg" => ClvModelKind.GammaGamma,
        _ => throw new ArgumentException($"Unknown model '{name}': use bgnbd, paretonbd or gammagamma."),
    };
}
