using Spectre.Console;

namespace Valora.Cli;

/// <summary>
/// Progress of a use case written as message lines (stderr) as it comes, for commands whose use cases report from the
/// calling thread: no progress bar, one line per stage.
/// </summary>
internal sealed class SynchronousMessages : IProgress<string>
{
    public void Report(string value) => CliRunner.Messages.WriteLine(value + " …");
}
