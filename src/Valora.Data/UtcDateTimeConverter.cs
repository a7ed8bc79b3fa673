using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Valora.Data;

/// <summary>
/// All timestamps are UTC. SQLite keeps no kind, so values read back as Unspecified; this marks them UTC again
/// (and refuses to let a local time slip in unconverted).
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
