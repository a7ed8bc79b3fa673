using SQLitePCL;

namespace Valora.Data;

/// <summary>
/// Process-wide settings of the SQLite library, applied once before its first connection opens:
/// <list type="bullet">
/// <item>multi-thread mode instead of serialized: a connection is never used by two threads at once (ADO.NET
/// connections and EF contexts are single-threaded), so SQLite need not lock the connection's mutex on every call
/// — a bulk insert makes about ten calls per row;</item>
/// <item>no memory statistics, which take a global mutex on every allocation.</item>
/// </list>
/// If SQLite was already initialized in this process (a host that opened a connection first), the calls are refused
/// and the library keeps its defaults: slower, never wrong.
/// </summary>
internal static class SqliteLibrary
{
    static readonly Lazy<bool> Configured = new(() =>
    {
        Batteries_V2.Init();
        var threading = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        var memstatus = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
        return threading == raw.SQLITE_OK && memstatus == raw.SQLITE_OK;
    });

    /// <summary>Applies the settings (once); true when SQLite accepted them.</summary>
    public static bool Configure() => Configured.Value;
}
