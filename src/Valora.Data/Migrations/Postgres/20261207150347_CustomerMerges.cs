using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Valora.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CustomerMerges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomerMerges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SurvivorId = table.Column<long>(type: "bigint", nullable: false),
                    MergedId = table.Column<long>(type: "bigint", nullable: false),
                    MergedCustomerJson = table.Column<string>(type: "text", nullable: false),
                    SurvivorBeforeJson = table.Column<string>(type: "text", nullable: false),
                    SurvivorAfterJson = table.Column<string>(type: "text", nullable: false),
                    MovedRowsJson = table.Column<string>(type: "text", nullable: false),
                    DroppedRowsJson = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    MergedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UndoneBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerMerges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMerges_MergedAt",
                table: "CustomerMerges",
                column: "MergedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMerges_MergedId",
                table: "CustomerMerges",
                column: "MergedId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMerges_SurvivorId",
                table: "CustomerMerges",
                column: "SurvivorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerMerges");
        }
    }
}
