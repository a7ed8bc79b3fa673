using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Valora.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AssociationRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssociationRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Rank = table.Column<int>(type: "integer", nullable: false),
                    Antecedent = table.Column<string>(type: "text", nullable: false),
                    Consequent = table.Column<string>(type: "text", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Support = table.Column<double>(type: "double precision", nullable: false),
                    AntecedentSupport = table.Column<double>(type: "double precision", nullable: false),
                    ConsequentSupport = table.Column<double>(type: "double precision", nullable: false),
                    Confidence = table.Column<double>(type: "double precision", nullable: false),
                    Lift = table.Column<double>(type: "double precision", nullable: false),
                    Leverage = table.Column<double>(type: "double precision", nullable: false),
                    Conviction = table.Column<double>(type: "double precision", nullable: true),
                    Zhang = table.Column<double>(type: "double precision", nullable: false),
                    Jaccard = table.Column<double>(type: "double precision", nullable: false),
                    Certainty = table.Column<double>(type: "double precision", nullable: false),
                    Kulczynski = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssociationRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssociationRules_AnalysisRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "AnalysisRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AssociationRules_RunId_Rank",
                table: "AssociationRules",
                columns: new[] { "RunId", "Rank" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AssociationRules");
        }
    }
}
