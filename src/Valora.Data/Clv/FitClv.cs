using System.Globalization;
using System.Text.Json;
using Valora.Analytics.Clv;
using Valora.Data.Analysis;
using Valora.Data.Sales;
using Valora.Domain.Scores;

namespace Valora.Data.Clv;

/// <summary>
/// Use case: fit BG/NBD, Pareto/NBD or Gamma-Gamma on the purchases up to a calibration end, validate on the
/// holdout that follows (if given), and save the fitted model (parameters, data window, metrics, version) as a
/// <see cref="ModelRun"/>. Definitions: one purchase occasion per customer per day, x = repeat occasions, tₓ and T in
/// days / <c>DaysPerUnit</c> (weeks by default), spend = mean revenue of the repeat occasions.
/// </summary>
public sealed class FitClv(ValoraDatabase database, TimeProvider time, CustomerDataset? dataset = null)
{
    public async Task<ClvFit> ExecuteAsync(
        ClvModelKind kind, DateOnly calibrationEnd, DateOnly? holdoutEnd = null, double daysPerUnit = HistoryOptions.DefaultDaysPerUnit,
        bool save = true, CancellationToken ct = default, double penalizer = 0)
    {
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to fit.") { Model = kind.Name() };
        }
        var data = HistoryBuilder.Build(purchases, calibrationEnd, holdoutEnd, new HistoryOptions { DaysPerUnit = daysPerUnit });
        var histories = data.Histories;
        if (histories.Length == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                $"No customer bought on or before the calibration end {calibrationEnd:yyyy-MM-dd}.") { Model = kind.Name() };
        }

        (StoredClvModel Stored, IReadOnlyList<ClvEstimate> Estimates, FitDiagnostics Diagnostics, IPurchaseModel? Model) fitted;
        try
        {
            fitted = Fit(kind, histories, daysPerUnit, penalizer);
        }
        catch (ModelFitException ex)
        {
            throw new NotAnalysableException(NotAnalysableReason.FitFailed, ex.Message, ex) { Model = kind.Name() };
        }
        var (stored, estimates, diagnostics, model) = fitted;
        ClvHoldout? holdout = null;
        if (model is not null && data.HoldoutRepeatPurchases is not null)
        {
            var report = HoldoutValidation.Evaluate(model, data);
            holdout = new ClvHoldout(report.HoldoutSpan, report.TotalPredicted, report.TotalActual, report.MeanAbsoluteError,
                report.RootMeanSquaredError, report.Buckets, HoldoutValidation.Track(model, data));
        }

        ModelRun? run = null;
        if (save)
        {
            var trainedAt = time.GetUtcNow().UtcDateTime;
            run = new ModelRun
            {
                Kind = stored.Kind,
                Version = string.Create(CultureInfo.InvariantCulture, $"{stored.Kind}-{trainedAt:yyyyMMddTHHmmssfff}"),
                TrainedAt = trainedAt,
                DataFrom = data.FirstPurchaseDates.Length > 0 ? data.FirstPurchaseDates.Min() : null,
                DataTo = calibrationEnd,
                HoldoutTo = holdoutEnd,
                ParametersJson = stored.ToJson(),
                MetricsJson = JsonSerializer.Serialize(new
                {
                    diagnostics.LogLikelihood,
                    diagnostics.Iterations,
                    diagnostics.Customers,
                    diagnostics.DistinctHistories,
                    diagnostics.LeftOut,
                    Penalizer = penalizer,
                    Estimates = estimates,
                    Holdout = holdout is null ? null : new
                    {
                        holdout.TotalPredicted,
                        holdout.TotalActual,
                        holdout.MeanAbsoluteError,
                        holdout.RootMeanSquaredError,
                        holdout.Buckets,
                    },
                }, JsonOptions),
            };
            await using var db = database.CreateContext();
            db.ModelRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        return new ClvFit(stored.Kind, calibrationEnd, holdoutEnd, daysPerUnit, estimates, diagnostics.LogLikelihood,
            diagnostics.Customers, diagnostics.DistinctHistories, holdout, run, diagnostics.LeftOut);
    }

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    static (StoredClvModel Stored, IReadOnlyList<ClvEstimate> Estimates, FitDiagnostics Diagnostics, IPurchaseModel? Model) Fit(
        ClvModelKind kind, CustomerHistory[] histories, double daysPerUnit, double penalizer)
    {
        switch (kind)
        {
            case ClvModelKind.BgNbd:
            {
                var p = new BetaGeoFitter(new BetaGeoOptions { Penalizer = penalizer }).Fit(histories);
                var d = p.Diagnostics!;
                string[] names = ["r", "alpha", "a", "b"];
                double[] values = [p.R, p.Alpha, p.A, p.B];
                return (new StoredClvModel("bgnbd", names, values, StoredClvModel.Jagged(d.LogParameterCovariance), daysPerUnit),
                    Estimates(names, values, d.StandardErrors, p.ConfidenceIntervals), d, p);
            }
            case ClvModelKind.ParetoNbd:
            {
                var fit = new ParetoNbdFitter(new ParetoNbdOptions { Penalizer = penalizer }).Fit(histories);
                var m = fit.Model;
                string[] names = ["r", "alpha", "s", "beta"];
                double[] values = [m.R, m.Alpha, m.S, m.Beta];
                var estimates = fit.Estimates.Select((e, i) => new ClvEstimate(names[i], e.Value, e.StandardError, e.Lower95, e.Upper95)).ToList();
                return (new StoredClvModel("paretonbd", names, values, StoredClvModel.Jagged(fit.Diagnostics.LogParameterCovariance), daysPerUnit),
                    estimates, fit.Diagnostics, m);
            }
            case ClvModelKind.GammaGamma:
            {
                var repeaters = histories.Where(h => h.RepeatPurchases > 0).ToArray();
                if (repeaters.Length == 0)
                {
                    throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                        "Gamma-Gamma needs customers with repeat purchases in the calibration period; there are none.") { Model = "gammagamma" };
                }
                var p = new GammaGammaFitter(new GammaGammaOptions { Penalizer = penalizer }).Fit(repeaters);
                var d = p.Diagnostics!;
                string[] names = ["p", "q", "gamma"];
                double[] values = [p.P, p.Q, p.Gamma];
                return (new StoredClvModel("gammagamma", names, values, StoredClvModel.Jagged(d.LogParameterCovariance), daysPerUnit),
                    Estimates(names, values, d.StandardErrors, p.ConfidenceIntervals), d, null);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    static List<ClvEstimate> Estimates(string[] names, double[] values, IReadOnlyList<double> se, IReadOnlyList<ParameterInterval> ci) =>
        [.. names.Select((n, i) => new ClvEstimate(n, values[i],
            i < se.Count ? se[i] : double.NaN,
            i < ci.Count ? ci[i].Lower : double.NaN,
            i < ci.Count ? ci[i].Upper : double.NaN))];
}
