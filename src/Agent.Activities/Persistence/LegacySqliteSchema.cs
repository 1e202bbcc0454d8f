namespace Agent.Activities.Persistence;

/// <summary>
/// The hand-written schema a raw store created its SQLite file with before its tables were owned by EF Core migrations.
/// A file that has <see cref="MarkerTable"/> but no <c>__EFMigrationsHistory</c> was made by it: the baseline brings
/// it up to the last legacy shape (the idempotent <see cref="Ddl"/>, then <see cref="AddedColumns"/> it lacks) and
/// records the store's first migration — which creates exactly that shape — as applied, so later migrations apply on top.
/// </summary>
/// <param name="MarkerTable">A table every legacy file has (the store's first table).</param>
/// <param name="Ddl">The old idempotent <c>CREATE … IF NOT EXISTS</c> statements.</param>
/// <param name="AddedColumns">Columns the old code added to older files on open (table, column, SQL definition); constants, never input.</param>
public sealed record LegacySqliteSchema(string MarkerTable, string Ddl, IReadOnlyList<LegacyColumn> AddedColumns);

/// <summary>A column the old code added to an older file with <c>ALTER TABLE … ADD COLUMN</c>.</summary>
/// <param name="Table">The table.</param>
/// <param name="Column">The column.</param>
/// <param name="Definition">Its SQL type and constraints (e.g. <c>TEXT</c>).</param>
public sealed record LegacyColumn(string Table, string Column, string Definition);
