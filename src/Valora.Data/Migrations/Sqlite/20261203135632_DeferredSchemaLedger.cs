using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Valora.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeferredSchemaLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // IF NOT EXISTS: before this migration the bulk session created the ledger itself, at run time, so a
            // database that has had a large import already holds it (same columns, primary key on Name).
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS "ValoraDeferredSchema" (
                    "Name" TEXT NOT NULL CONSTRAINT "PK_ValoraDeferredSchema" PRIMARY KEY,
                    "Kind" TEXT NOT NULL,
                    "DropSql" TEXT NOT NULL,
                    "RestoreSql" TEXT NOT NULL)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ValoraDeferredSchema");
        }
    }
}
