using System.CommandLine;
using Spectre.Console;
using Valora.Data.Analysis;

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
        catch (NotAnalysableException ex)
        {
            Console.Error.WriteLine($"valora: error: {Describe(ex)}");
            return 1;
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

    /// <summary>The use case's neutral message followed by the command that makes what is missing.</summary>
    public static string Describe(NotAnalysableException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var remedy = (ex.Reason, ex.Model) switch
        {
            (NotAnalysableReason.NoOrders, _) => "Import orders first: valora import orders <file> (or valora demo).",
            (NotAnalysableReason.NoModel, "bgnbd" or "paretonbd" or "gammagamma") =>
                $"Fit one first: valora clv fit --model {ex.Model} --calibration-end <date>.",
            (NotAnalysableReason.MissingInput, "clv") => "Use --margin.",
            (NotAnalysableReason.MixedCurrencies, _) => "Keep one currency per database, or convert the amounts to one currency before importing.",
            _ => null,
        };
        return remedy is null ? ex.Message : $"{ex.Message} {remedy}";
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
