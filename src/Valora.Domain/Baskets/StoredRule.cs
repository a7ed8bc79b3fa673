namespace Valora.Domain.Baskets;

/// <summary>
/// One association rule A → C of a rules run (an <see cref="Scores.AnalysisRun"/> of model "rules"), table
/// <c>AssociationRules</c>: its two sides and every measure, as the miner computed them from the run's baskets.
/// Deleting the run deletes its rules.
/// </summary>
public sealed class StoredRule
{
    public long Id { get; set; }

    /// <summary>The run (<see cref="Scores.AnalysisRun.Id"/>).</summary>
    public long RunId { get; set; }

    /// <summary>1 = the run's best rule by its ranking metric.</summary>
    public int Rank { get; set; }

    /// <summary>A: the item codes as a JSON array of strings, ordinal order, e.g. <c>["22697"]</c>.</summary>
    public required string Antecedent { get; set; }

    /// <summary>C: the item codes as a JSON array of strings, ordinal order.</summary>
    public required string Consequent { get; set; }

    /// <summary>Baskets holding A ∪ C.</summary>
    public int Count { get; set; }

    public double Support { get; set; }
    public double AntecedentSupport { get; set; }
    public double ConsequentSupport { get; set; }
    public double Confidence { get; set; }
    public double Lift { get; set; }
    public double Leverage { get; set; }

    /// <summary>(1 − s(C)) ÷ (1 − confidence); null when the confidence is 1 (conviction +∞).</summary>
    public double? Conviction { get; set; }

    public double Zhang { get; set; }
    public double Jaccard { get; set; }
    public double Certainty { get; set; }
    public double Kulczynski { get; set; }
}
