using System.CommandLine;
using Spectre.Console;

namespace Valora.Cli;

/// <summary>Runs the parsed command; any failure becomes a one-line reason on stderr and a non-zero exit code.</summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            return await root.Parse(args).InvokeAsync(config, cts.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("valora: cancelled");
            return 130;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"valora: error: {Flatten(ex)}");
            if (Environment.GetEnvironmentVariable("VALORA_DEBUG") is { Length: > 0 })
            {
                Console.Error.WriteLine(ex);
            }
            return 1;
        }
    }

    static string Flatten(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += $" ({inner.Message})";
        }
        return message.ReplaceLineEndings(" ");
    }

    /// <summary>Messages and progress go to stderr so stdout stays clean for scripts.</summary>
    public static IAnsiConsole Messages { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });
}
