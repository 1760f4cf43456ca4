namespace IntegrationHub.Perception.Training;

/// <summary>Binary classification figures with crack as the positive class.</summary>
public sealed record ClassifierMetrics(int TruePositive, int FalsePositive, int TrueNegative, int FalseNegative, int Errors)
{
    public int Count => TruePositive + FalsePositive + TrueNegative + FalseNegative;

    public double Accuracy => Count == 0 ? 0 : (double)(TruePositive + TrueNegative) / Count;

    public double Precision => TruePositive + FalsePositive == 0 ? 0 : (double)TruePositive / (TruePositive + FalsePositive);

    public double Recall => TruePositive + FalseNegative == 0 ? 0 : (double)TruePositive / (TruePositive + FalseNegative);

    public static ClassifierMetrics Of(IEnumerable<(bool Actual, bool? Predicted)> outcomes)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0, errors = 0;
        foreach (var (actual, predicted) in outcomes)
        {
            switch (predicted)
            {
                case null: errors++; break;
                case true when actual: tp++; break;
                case true: fp++; break;
                case false when actual: fn++; break;
                default: tn++; break;
            }
        }

        return new ClassifierMetrics(tp, fp, tn, fn, errors);
    }

    public override string ToString() =>
        $"accuracy {Accuracy:P2}, precision {Precision:P2}, recall {Recall:P2} (n={Count}, tp {TruePositive}, fp {FalsePositive}, tn {TrueNegative}, fn {FalseNegative}, errors {Errors})";
}
