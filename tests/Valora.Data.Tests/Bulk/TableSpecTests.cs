using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Valora.Data.Bulk;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Bulk;

/// <summary>
/// The bulk writer's table specs are pinned to the EF model: every mapped column of the table is written (a column
/// added to an entity and not to its spec fails here), with the stored type and nullability EF gives it, on both
/// providers' models.
/// </summary>
public sealed class TableSpecTests
{
    public static TheoryData<string> Tables() => [.. TableSpec.All.Select(t => t.Table)];

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Spec_MatchesTheEfModel_OnBothProviders(string table)
    {
        var spec = TableSpec.All.Single(t => t.Table == table);
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            // The model only: no server is contacted for PostgreSQL.
            var database = provider == DatabaseProvider.Sqlite
                ? new ValoraDatabase(DatabaseProvider.Sqlite, "Data Source=:memory:")
                : new ValoraDatabase(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=none");
            await using var db = database.CreateContext();
            var entity = db.Model.GetEntityTypes().Single(e => e.GetTableName() == table);
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var mapped = entity.GetProperties()
                .Select(p => (Column: p.GetColumnName(store)!, Property: p))
                .Where(c => spec.HasId || !c.Property.IsPrimaryKey() || c.Property.ValueGenerated == ValueGenerated.Never)
                .ToDictionary(c => c.Column, c => c.Property, StringComparer.Ordinal);

            Assert.Equal(mapped.Keys.Order(StringComparer.Ordinal), spec.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
            foreach (var column in spec.Columns)
            {
                var property = mapped[column.Name];
                Assert.True(property.IsNullable == column.Nullable, $"{table}.{column.Name}: nullable is {property.IsNullable} in the model, {column.Nullable} in the spec");
                Assert.True(Expected(property) == column.Type, $"{table}.{column.Name}: {property.ClrType.Name} in the model is {Expected(property)}, the spec says {column.Type}");
            }
        }
    }

    [Fact]
    public void Specs_WithWriterAssignedIds_StartWithId_AndGeneratedOnesLeaveItToTheDatabase()
    {
        Assert.All(TableSpec.All.Where(t => t.HasId), t => Assert.Equal("Id", t.Columns[0].Name));
        Assert.All(TableSpec.All.Where(t => !t.HasId), t => Assert.DoesNotContain(t.Columns, c => c.Name == "Id"));
        Assert.False(TableSpec.CustomerScores.HasId);
        Assert.True(TableSpec.Orders.HasId);
    }

    static ColumnType Expected(IProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        return type switch
        {
            _ when type.IsEnum => ColumnType.Text, // stored by name
            _ when type == typeof(long) => ColumnType.Int64,
            _ when type == typeof(int) => ColumnType.Int32,
            _ when type == typeof(double) => ColumnType.Double,
            _ when type == typeof(string) => ColumnType.Text,
            _ when type == typeof(decimal) => ColumnType.Decimal,
            _ when type == typeof(DateTime) => ColumnType.DateTime,
            _ when type == typeof(DateOnly) => ColumnType.Date,
            _ when type == typeof(bool) => ColumnType.Bool,
            _ => throw new InvalidOperationException($"{property.DeclaringType.ClrType.Name}.{property.Name}: no bulk column type for {type.Name}"),
        };
    }
}
