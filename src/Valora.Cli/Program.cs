using System.CommandLine;
using Valora.Cli;
using Valora.Cli.Commands;

var root = new RootCommand("Valora — customer value CRM: import data, score customers, fit lifetime-value models.")
{
    CliOptions.Database,
    CliOptions.Format,
};
root.Subcommands.Add(DbCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(CalcCommand.Create());
root.Subcommands.Add(RfmCommand.Create());
root.Subcommands.Add(KpiCommand.Create());
root.Subcommands.Add(ValueCommand.Create());
root.Subcommands.Add(ClvCommand.Create());
root.Subcommands.Add(CampaignCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(SurveyCommands.Nps());
root.Subcommands.Add(SurveyCommands.Satisfaction());
root.Subcommands.Add(SurveyCommands.KanoCommand());
root.Subcommands.Add(ChurnCommand.Create());
root.Subcommands.Add(PotentialCommand.Create());
root.Subcommands.Add(LifecycleCommand.Create());
root.Subcommands.Add(CycleCommand.Create());
root.Subcommands.Add(PropensityCommand.Create());
root.Subcommands.Add(PipelineCommand.Create());
root.Subcommands.Add(ForecastCommand.Create());
root.Subcommands.Add(SegmentCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(RulesCommand.Create());
root.Subcommands.Add(RecommendCommand.Create());
root.Subcommands.Add(TextCommand.Create());
root.Subcommands.Add(PrivacyCommand.Create());
root.Subcommands.Add(MergeCommand.Duplicates());
root.Subcommands.Add(MergeCommand.Merge());

return await CliRunner.RunAsync(root, args);
