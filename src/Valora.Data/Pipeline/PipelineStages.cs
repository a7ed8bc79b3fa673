using System.Text.Json;
using Valora.Domain.Pipeline;

namespace Valora.Data.Pipeline;

/// <summary>One stage's label on the board and the probability a deal entering it gets unless one is given.</summary>
public sealed class StageSetting
{
    public string? Label { get; set; }
    public double Probability { get; set; }
}

/// <summary>
/// The pipeline's stages in board order — prospecting, qualification, proposal, negotiation, then won and lost — with
/// their labels and default probabilities (0.1, 0.25, 0.5, 0.75, 1, 0). The server reads them from
/// <c>Valora:Pipeline:Stages:{Stage}:Label|Probability</c>. The six stages are fixed (reports and the board rely on
/// them); their labels and probabilities are the sales team's to set.
/// </summary>
public sealed class PipelineStages
{
    public const string SectionName = "Valora:Pipeline:Stages";

    public StageSetting Prospecting { get; set; } = new() { Label = "Prospecting", Probability = 0.1 };
    public StageSetting Qualification { get; set; } = new() { Label = "Qualification", Probability = 0.25 };
    public StageSetting Proposal { get; set; } = new() { Label = "Proposal", Probability = 0.5 };
    public StageSetting Negotiation { get; set; } = new() { Label = "Negotiation", Probability = 0.75 };
    public StageSetting Won { get; set; } = new() { Label = "Won", Probability = 1 };
    public StageSetting Lost { get; set; } = new() { Label = "Lost", Probability = 0 };

    /// <summary>Every stage in board order.</summary>
    public static IReadOnlyList<OpportunityStage> Order { get; } = Enum.GetValues<OpportunityStage>();

    public StageSetting For(OpportunityStage stage) => stage switch
    {
        OpportunityStage.Prospecting => Prospecting,
        OpportunityStage.Qualification => Qualification,
        OpportunityStage.Proposal => Proposal,
        OpportunityStage.Negotiation => Negotiation,
        OpportunityStage.Won => Won,
        _ => Lost,
    };

    /// <summary>The stage's API name: <c>prospecting</c>, …, <c>won</c>, <c>lost</c>.</summary>
    public static string Name(OpportunityStage stage) => JsonNamingPolicy.CamelCase.ConvertName(stage.ToString());

    public static bool IsClosed(OpportunityStage stage) => stage is OpportunityStage.Won or OpportunityStage.Lost;

    /// <summary>Null when every probability is in [0, 1] and every label at most 50 characters.</summary>
    public string? Problem() =>
        Order.Where(s => !(For(s).Probability is >= 0 and <= 1) || (For(s).Label?.Length ?? 0) > 50)
            .Select(s => $"{SectionName}:{s}: Probability must be in [0, 1] and Label at most 50 characters.")
            .FirstOrDefault();
}
