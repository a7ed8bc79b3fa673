using Valora.Analytics.Churn;

namespace Valora.Data.Churn;

/// <summary>The names users type for the learners (<c>--trainer lr|fasttree|fastforest|lightgbm|auto</c>).</summary>
public static class ChurnTrainerNames
{
    /// <summary>The short name of a learner.</summary>
    public static string Of(ChurnTrainer trainer) => trainer switch
    {
        ChurnTrainer.LogisticRegression => "lr",
        ChurnTrainer.FastTree => "fasttree",
        ChurnTrainer.FastForest => "fastforest",
        ChurnTrainer.LightGbm => "lightgbm",
        _ => trainer.ToString(),
    };

    /// <summary>Parses a name; "auto" gives null.</summary>
    /// <exception cref="InvalidDataException">An unknown name (the message lists the known ones).</exception>
    public static ChurnTrainer? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => null,
        "lr" or "logistic" or "logisticregression" => ChurnTrainer.LogisticRegression,
        "fasttree" or "boosting" => ChurnTrainer.FastTree,
        "fastforest" or "forest" => ChurnTrainer.FastForest,
        "lightgbm" => ChurnTrainer.LightGbm,
        _ => throw new InvalidDataException($"--trainer: '{name}' is not a trainer; use lr, fasttree, fastforest, lightgbm or auto."),
    };
}
