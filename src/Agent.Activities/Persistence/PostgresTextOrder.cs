using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Persistence;

/// <summary>
/// Gives every text column of a PostgreSQL model the <c>C</c> collation, so <c>ORDER BY</c>, <c>MAX</c> and range
/// comparisons on text (ids, targets, ISO times) order by bytes as SQLite does, whatever the database's locale.
/// </summary>
internal static class PostgresTextOrder
{
    /// <summary>Sets the collation on every string property of <paramref name="modelBuilder"/>'s entities.</summary>
    public static void UseByteOrder(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                if (property.ClrType == typeof(string)) property.SetCollation("C");
    }
}
