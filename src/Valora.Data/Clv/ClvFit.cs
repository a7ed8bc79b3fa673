using Valora.Analytics.Clv;
using Valora.Domain.Scores;

namespace Valora.Data.Clv;

/// <summary>What <see cref="FitClv"/> returns: the estimates, the fit diagnostics and, with a holdout, the validation.</summary>
public sealed record ClvFit(
    string Kind,
    DateOnly CalibrationEnd,
    DateOnly? HoldoutEnd,
    double DaysPerUnit,
    IReadOnlyList<ClvEstimate> Estimates,
    double LogLikelihood,
    int Customers,
    int DistinctHistories,
    ClvHoldout? Holdout,
    ModelRun? Run,
    int LeftOut = 0);

/// <summary>One parameter: value, standard error and 95 % interval (from the inverse Hessian, delta method).</summary>
public sealed record ClvEstimate(string Name, double Value, double StandardError, double Lower95, double Upper95);

/// <summary>Holdout validation: per-customer predicted vs actual repeat purchases, aggregate, by bucket, and tracking.</summary>
public sealed record ClvHoldout(
    double HoldoutSpan,
    double TotalPredicted,
    long TotalActual,
    double MeanAbsoluteError,
    double RootMeanSquaredError,
    IReadOnlyList<FrequencyBucket> Buckets,
    IReadOnlyList<TrackingPoint> Tracking);
