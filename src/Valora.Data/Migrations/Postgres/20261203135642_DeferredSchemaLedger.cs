using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Valora.Data.Migrations.Postgres
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
                    "Name" text NOT NULL CONSTRAINT "PK_ValoraDeferredSchema" PRIMARY KEY,
                    "Kind" text NOT NULL,
                    "DropSql" text NOT NULL,
                    "RestoreSql" text NOT NULL)
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
