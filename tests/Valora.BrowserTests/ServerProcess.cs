using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Valora.BrowserTests;

/// <summary>
/// The real Valora server as a separate process on a free loopback port, with its own SQLite file, seeded with the
/// demo population on first start exactly as <c>dotnet run --project src/Valora.Server</c> does.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The first-start admin the server creates (from configuration, as an operator would set it).</summary>
    public const string AdminUserName = "admin";
    public const string AdminPassword = "browser-test-admin-password";

    readonly Process _process;
    readonly string _directory;

    ServerProcess(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The server's SQLite file, for tests that check what a page shows against the stored rows.</summary>
    public string DatabasePath => Path.Combine(_directory, "valora.db");

    public static async Task<ServerProcess> StartAsync(int demoCustomers = 300)
    {
        var directory = Directory.CreateTempSubdirectory("valora-browser-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Valora.Server.dll"));
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.ArgumentList.Add($"--ConnectionStrings:Valora={Path.Combine(directory, "valora.db")}");
        info.ArgumentList.Add($"--Valora:DemoCustomers={demoCustomers}");
        info.Environment["Valora__Security__AdminUserName"] = AdminUserName;
        info.Environment["Valora__Security__AdminPassword"] = AdminPassword;
        info.Environment.Remove("VALORA_DB");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }
            try
            {
                using var response = await http.GetAsync(new Uri(address, "health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new ServerProcess(process, directory, address);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // still starting
            }
            await Task.Delay(250);
        }
        process.Kill(entireProcessTree: true);
        string output;
        lock (log)
        {
            output = log.ToString();
        }
        throw new InvalidOperationException($"The server did not become healthy at {address}. Its output:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
