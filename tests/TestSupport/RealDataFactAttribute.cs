namespace Valora.TestSupport;

/// <summary>
/// A fact that needs files from the shared datasets. Outside CI it is skipped, with the reason, when they are absent;
/// under CI it always runs, so a missing dataset fails the run instead of hiding behind a skip.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute(params string[] files)
    {
        var missing = files.Where(f => !SharedData.Has(f)).ToArray();
        if (missing.Length > 0 && !SharedData.IsCi)
        {
            var reason = $"SKIPPED: real dataset not found ({string.Join(", ", missing)}); set {SharedData.EnvironmentVariable} or put ../shared/data beside the repository.";
            Skip = reason;
        }
    }
}
