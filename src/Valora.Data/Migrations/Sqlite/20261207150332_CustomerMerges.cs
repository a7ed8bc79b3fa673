using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Valora.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SurvivorId = table.Column<long>(type: "INTEGER", nullable: false),
                    MergedId = table.Column<long>(type: "INTEGER", nullable: false),
                    MergedCustomerJson = table.Column<string>(type: "TEXT", nullable: false),
                    SurvivorBeforeJson = table.Column<string>(type: "TEXT", nullable: false),
                    SurvivorAfterJson = table.Column<string>(type: "TEXT", nullable: false),
                    MovedRowsJson = table.Column<string>(type: "TEXT", nullable: false),
                    DroppedRowsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    MergedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UndoneBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
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
