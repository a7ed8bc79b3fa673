using System.Diagnostics;

namespace Valora.Cli.Tests;

/// <summary>Runs the real <c>valora</c> tool (the built valora.dll beside the tests) as a separate process.</summary>
public static class ValoraProcess
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "valora.dll");

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        // Plain output: no colours or terminal width games in what the tests read.
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "200";
        info.Environment.Remove("VALORA_DB");
        return Process.Start(info)!;
    }

    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
