namespace Valora.Cli;

public enum OutputFormat
{
    Table = 0,
    Json = 1,
    Csv = 2,
}
