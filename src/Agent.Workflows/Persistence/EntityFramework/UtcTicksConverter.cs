using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>
/// Stores <see cref="DateTimeOffset"/> as UTC ticks in an integer column. SQLite has no date type, and EF Core
/// cannot order or compare its default text form in SQL; ticks sort, compare and round-trip the instant exactly.
/// The offset is not kept: values come back in UTC, which compare equal to the originals.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
