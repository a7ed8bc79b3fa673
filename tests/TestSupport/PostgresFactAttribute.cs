namespace Valora.TestSupport;

/// <summary>
/// A fact that needs a PostgreSQL server, found through <c>VALORA_TEST_POSTGRES</c> (an Npgsql connection string).
/// Outside CI it is skipped when the variable is missing; under CI it runs and fails, so a missing database is seen.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "VALORA_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException($"{EnvironmentVariable} is not set: PostgreSQL tests need a server (.ci/run starts one).");

    /// <param name="files">Shared dataset files the test also needs (see <see cref="RealDataFactAttribute"/>).</param>
    public PostgresFactAttribute(params string[] files)
    {
        if (SharedData.IsCi)
        {
            return;
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)))
        {
            var reason = $"SKIPPED: {EnvironmentVariable} is not set, so there is no PostgreSQL server to test against.";
            Skip = reason;
        }
        else if (files.Where(f => !SharedData.Has(f)).ToArray() is { Length: > 0 } missing)
        {
            var reason = $"SKIPPED: real dataset not found ({string.Join(", ", missing)}); set {SharedData.EnvironmentVariable} or put ../shared/data beside the repository.";
            Skip = reason;
        }
    }
}
