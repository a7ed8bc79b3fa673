using Valora.Analytics.Propensity;

namespace Valora.Data.Propensity;

/// <summary>The names the CLI and the API give the next-category learners.</summary>
public static class PropensityTrainerNames
{
    /// <summary>Every name <see cref="Parse"/> takes.</summary>
    public const string Choices = "auto, lightgbm or maxent";

    /// <summary>The short name of a learner.</summary>
    public static string Of(NextCategoryTrainer trainer) => trainer switch
    {
        NextCategoryTrainer.LightGbm => "lightgbm",
        NextCategoryTrainer.MaximumEntropy => "maxent",
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
    };

    /// <summary>A learner by name, or null for auto.</summary>
    /// <exception cref="ArgumentException">The name is none of <see cref="Choices"/>.</exception>
    public static NextCategoryTrainer? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "auto" => null,
            "lightgbm" => NextCategoryTrainer.LightGbm,
            "maxent" => NextCategoryTrainer.MaximumEntropy,
            _ => throw new ArgumentException($"--trainer: must be {Choices} but was '{name}'."),
        };
    }
}
