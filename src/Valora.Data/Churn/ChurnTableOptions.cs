using Valora.Analytics.Churn;

namespace Valora.Data.Churn;

/// <summary>How <see cref="TrainChurnFromTable"/> reads a user's table and trains.</summary>
public sealed record ChurnTableOptions
{
    /// <summary>The label column (e.g. "Churn").</summary>
    public required string Label { get; init; }

    /// <summary>The label value that means "churned"; when null: yes/true/y/t, or 1 for a 0/1 label.</summary>
    public string? Positive { get; init; }

    /// <summary>The customer id column (never a feature; written beside each score).</summary>
    public string? Id { get; init; }

    /// <summary>Columns not to use.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Stratified folds drawn with <see cref="Seed"/> (when no fold file is given).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>A CSV giving each id's fold (needs <see cref="Id"/>): columns id and <see cref="FoldColumn"/>.</summary>
    public string? FoldsFile { get; init; }

    /// <summary>The fold column of <see cref="FoldsFile"/>.</summary>
    public string FoldColumn { get; init; } = "fold";

    /// <summary>The learner, or null for auto (the best mean cross-validated ROC AUC).</summary>
    public ChurnTrainer? Trainer { get; init; }

    /// <summary>Seed of the folds and the learners.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Weigh the classes equally in the fit (probabilities are recalibrated to the real rate).</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Threshold of the reported confusion matrix.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Probability from which a customer is in the high-risk tier.</summary>
    public double HighRisk { get; init; } = 0.6;

    /// <summary>Probability from which a customer is in the medium-risk tier.</summary>
    public double MediumRisk { get; init; } = 0.3;
}
