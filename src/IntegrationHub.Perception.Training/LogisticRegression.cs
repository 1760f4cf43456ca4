namespace IntegrationHub.Perception.Training;

/// <summary>
/// Binary logistic regression on standardised features, fitted by full-batch gradient descent with Adam and an L2
/// penalty. Plain code: 512 features and a few thousand rows train in seconds, and the weights fold straight into
/// one ONNX Gemm (<see cref="FoldedWeights"/>).
/// </summary>
public sealed class LogisticRegression
{
    private LogisticRegression(float[] mean, float[] scale, double[] weights, double bias)
    {
        Mean = mean;
        Scale = scale;
        Weights = weights;
        Bias = bias;
    }

    public float[] Mean { get; }

    public float[] Scale { get; }

    public double[] Weights { get; }

    public double Bias { get; }

    /// <param name="rows">Feature vectors.</param>
    /// <param name="positive">True for the positive class.</param>
    /// <param name="l2">Penalty on the weights (not the bias).</param>
    public static LogisticRegression Fit(IReadOnlyList<float[]> rows, IReadOnlyList<bool> positive, double l2, int epochs = 600, double rate = 0.01)
    {
        var d = rows[0].Length;
        var (mean, scale) = Standardisation(rows);
        var x = rows.Select(r => Standardise(r, mean, scale)).ToArray();
        var w = new double[d + 1];
        var (m, v) = (new double[d + 1], new double[d + 1]);
        var grad = new double[d + 1];
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            Array.Clear(grad);
            for (var i = 0; i < x.Length; i++)
            {
                var error = Sigmoid(Dot(w, x[i])) - (positive[i] ? 1 : 0);
                for (var j = 0; j < d; j++)
                {
                    grad[j] += error * x[i][j];
                }

                grad[d] += error;
            }

            for (var j = 0; j <= d; j++)
            {
                var g = grad[j] / x.Length + (j < d ? l2 * w[j] : 0);
                m[j] = 0.9 * m[j] + 0.1 * g;
                v[j] = 0.999 * v[j] + 0.001 * g * g;
                var mh = m[j] / (1 - Math.Pow(0.9, epoch));
                var vh = v[j] / (1 - Math.Pow(0.999, epoch));
                w[j] -= rate * mh / (Math.Sqrt(vh) + 1e-8);
            }
        }

        return new LogisticRegression(mean, scale, w[..d], w[d]);
    }

    /// <summary>The probability of the positive class.</summary>
    public double Predict(float[] row) => Sigmoid(Dot([.. Weights, Bias], Standardise(row, Mean, Scale)));

    /// <summary>The standardisation folded in: logit = Σ W[j]·x[j] + B on the raw features.</summary>
    public (float[] W, float B) FoldedWeights()
    {
        var w = new float[Weights.Length];
        var b = Bias;
        for (var j = 0; j < w.Length; j++)
        {
            w[j] = (float)(Weights[j] / Scale[j]);
            b -= Weights[j] * Mean[j] / Scale[j];
        }

        return (w, (float)b);
    }

    private static (float[] Mean, float[] Scale) Standardisation(IReadOnlyList<float[]> rows)
    {
        var d = rows[0].Length;
        var mean = new float[d];
        var scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            var mu = rows.Average(r => (double)r[j]);
            var sd = Math.Sqrt(rows.Average(r => (r[j] - mu) * (r[j] - mu)));
            mean[j] = (float)mu;
            scale[j] = (float)Math.Max(sd, 1e-6);
        }

        return (mean, scale);
    }

    private static double[] Standardise(float[] row, float[] mean, float[] scale)
    {
        var x = new double[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            x[j] = (row[j] - mean[j]) / scale[j];
        }

        return x;
    }

    private static double Dot(double[] w, double[] x)
    {
        var s = w.Length > x.Length ? w[^1] : 0;
        for (var j = 0; j < x.Length; j++)
        {
            s += w[j] * x[j];
        }

        return s;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
