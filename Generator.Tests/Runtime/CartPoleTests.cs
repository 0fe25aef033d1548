namespace NetGen.Tests.Runtime;

/// <summary>
/// The cart-pole against steps computed by hand from the equations (Florian 2007, as Gym's CartPole-v1), its
/// failure and truncation rules, its seeded resets and its argument checks.
/// </summary>
public class CartPoleTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void TwoPushesRightThenOneLeftFromRestMatchTheEquations()
    {
        var pole = new CartPole(seed: 1);
        pole.SetState(0, 0, 0, 0);
        float[] observation = new float[4];

        // Step 1, F = +10, θ = 0 so sin θ = 0, cos θ = 1, total mass 1.1, pole mass × half length = 0.05:
        //   temp = (10 + 0.05·0²·0) / 1.1                        = 9.090909090909091
        //   θ̈   = (9.8·0 − 1·9.0909…) / (0.5·(4/3 − 0.1·1²/1.1)) = −9.0909… / 0.6212121… = −14.634146341463415
        //   ẍ   = 9.0909… − 0.05·(−14.634146…)·1 / 1.1           = 9.0909… + 0.6651885… = 9.756097560975610
        // Euler with τ = 0.02, positions with the old velocities:
        //   x = 0, ẋ = 0.02·9.7560976 = 0.19512195121951220, θ = 0, θ̇ = 0.02·(−14.634146) = −0.29268292682926830
        CartPoleStep step = pole.Step(1, observation);
        AssertState(pole, 0, 0.1951219512195122, 0, -0.2926829268292683);
        Assert.Equal(new CartPoleStep(1, false, false), step);
        Assert.Equal([0f, 0.19512195f, 0f, -0.29268293f], observation);

        // Step 2, F = +10: θ is still 0, so the accelerations are those of step 1:
        //   x = 0 + 0.02·0.19512195 = 0.0039024390243902440, ẋ = 2·0.19512195 = 0.3902439024390244,
        //   θ = 0 + 0.02·(−0.29268293) = −0.0058536585365853660, θ̇ = 2·(−0.29268293) = −0.5853658536585366
        pole.Step(1, observation);
        AssertState(pole, 0.003902439024390244, 0.3902439024390244, -0.005853658536585366, -0.5853658536585366);

        // Step 3, F = −10, θ = −0.0058536585: sin θ = −0.0058536251070638, cos θ = 0.9999828673897898:
        //   temp = (−10 + 0.05·0.5853659²·(−0.0058536251)) / 1.1 = (−10 − 0.0001002882) / 1.1 = −9.091000261966947
        //   θ̈   = (9.8·(−0.0058536251) − 0.99998287·(−9.0910003)) / (0.5·(4/3 − 0.1·0.99996573/1.1))
        //        = (−0.0573655260 + 9.0908445) / 0.6212277 = 14.541661416937938
        //   ẍ   = −9.0910003 − 0.05·14.5416614·0.99998287 / 1.1 = −9.0910003 − 0.6609732 = −9.751973547436087
        //   x = 0.0039024390 + 0.02·0.3902439 = 0.011707317073170733, ẋ = 0.3902439 + 0.02·(−9.7519735) = 0.19520443149030264,
        //   θ = −0.0058536585 + 0.02·(−0.5853659) = −0.0175609756097561, θ̇ = −0.5853659 + 0.02·14.5416614 = −0.2945326253197778
        pole.Step(0, observation);
        AssertState(pole, 0.011707317073170733, 0.19520443149030264, -0.0175609756097561, -0.2945326253197778);
        Assert.Equal(3, pole.StepCount);
    }

    [Fact]
    public void PushLeftFromATiltedMovingStateMatchesTheEquations()
    {
        var pole = new CartPole(seed: 1);
        pole.SetState(0.1, -0.2, 0.05, 0.3);
        // sin 0.05 = 0.04997916927067833, cos 0.05 = 0.9987502603949663, F = −10:
        //   temp = (−10 + 0.05·0.09·0.0499792) / 1.1 = −9.090704630671166
        //   θ̈   = (9.8·0.0499792 + 0.99875026·9.0907046) / (0.5·(4/3 − 0.1·0.99750208/1.1)) = 15.401165680307574
        //   ẍ   = −9.0907046 − 0.05·15.4011657·0.99875026 / 1.1 = −9.78988273219813
        //   x = 0.1 + 0.02·(−0.2) = 0.096, ẋ = −0.2 + 0.02·(−9.7898827) = −0.3957976546439626,
        //   θ = 0.05 + 0.02·0.3 = 0.056, θ̇ = 0.3 + 0.02·15.4011657 = 0.6080233136061515
        pole.Step(0, new float[4]);
        AssertState(pole, 0.096, -0.3957976546439626, 0.056, 0.6080233136061515);
    }

    [Theory]
    [InlineData(2.39, 1.0, 0.0, 0.0, true)]      // x = 2.39 + 0.02·1 = 2.41 > 2.4: off the track
    [InlineData(-2.39, -1.0, 0.0, 0.0, true)]    // x = −2.41
    [InlineData(2.39, 0.4, 0.0, 0.0, false)]     // x = 2.398: still on
    [InlineData(0.0, 0.0, 0.2094, 0.1, true)]    // θ = 0.2094 + 0.002 = 0.2114 > 12° = 0.20944
    [InlineData(0.0, 0.0, -0.2094, -0.1, true)]
    [InlineData(0.0, 0.0, 0.2, 0.0, false)]      // θ stays 0.2 this step (θ̇ was 0)
    public void FailsOnceTheCartLeavesTheTrackOrThePoleTipsPast12Degrees(double x, double xDot, double theta, double thetaDot, bool fails)
    {
        var pole = new CartPole(seed: 1);
        pole.SetState(x, xDot, theta, thetaDot);
        CartPoleStep step = pole.Step(0, new float[4]);
        Assert.Equal(fails, step.Terminated);
        Assert.False(step.Truncated);
        Assert.Equal(fails, pole.IsDone);
        Assert.Equal(1f, step.Reward); // the failing step is rewarded too, as in Gym
    }

    [Fact]
    public void ABalancedEpisodeIsTruncatedAfter500Steps()
    {
        var pole = new CartPole(seed: 5);
        float[] observation = new float[4];
        pole.Reset(observation);
        CartPoleStep step = default;
        for (int t = 0; t < CartPole.MaxEpisodeSteps; t++)
        {
            Assert.False(step.Done, $"ended early, at step {t}");
            // A linear controller that keeps the pole up and the cart near the centre.
            float push = observation[0] + observation[1] + 10 * observation[2] + 2 * observation[3];
            step = pole.Step(push > 0 ? 1 : 0, observation);
        }
        Assert.True(step.Truncated);
        Assert.False(step.Terminated);
        Assert.Equal(500, pole.StepCount);
        var ex = Assert.Throws<InvalidOperationException>(() => pole.Step(0, observation));
        Assert.Contains("Reset", ex.Message);
    }

    [Fact]
    public void StepBeforeResetThrows() =>
        Assert.Throws<InvalidOperationException>(() => new CartPole(seed: 1).Step(1, new float[4]));

    [Fact]
    public void ResetsAreUniformInAHundredthAroundUprightAndRepeatPerSeed()
    {
        var a = new CartPole(seed: 42);
        var b = new CartPole(seed: 42);
        var c = new CartPole(seed: 43);
        float[] oa = new float[4], ob = new float[4], oc = new float[4];
        bool anyDifferent = false;
        for (int episode = 0; episode < 50; episode++)
        {
            a.Reset(oa);
            b.Reset(ob);
            c.Reset(oc);
            Assert.Equal(oa, ob);
            anyDifferent |= !oa.AsSpan().SequenceEqual(oc);
            Assert.All(oa, v => Assert.InRange(v, -0.05f, 0.05f));
            Assert.Equal(0, a.StepCount);
            // The same actions from the same state give the same trajectory.
            for (int t = 0; t < 5; t++)
            {
                a.Step(t % 2, oa);
                b.Step(t % 2, ob);
                Assert.Equal(oa, ob);
            }
        }
        Assert.True(anyDifferent);
    }

    [Fact]
    public void BadArgumentsThrowAndLeaveTheStateAlone()
    {
        var pole = new CartPole(seed: 1);
        pole.SetState(0.1, 0.2, 0.03, 0.04);

        var ex = Assert.Throws<ArgumentException>(() => pole.Step(1, new float[3]));
        Assert.Equal("observation", ex.ParamName);
        Assert.Contains("Expected observation of length 4, but its length is 3", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => pole.Step(2, new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => pole.Step(-1, new float[4]));
        Assert.Contains("length is 5", Assert.Throws<ArgumentException>(() => pole.Reset(new float[5])).Message);

        AssertState(pole, 0.1, 0.2, 0.03, 0.04);
        Assert.Equal(0, pole.StepCount);
        Assert.False(pole.IsDone);
    }

    [Fact]
    public void StepsAndResetsAllocateNothing()
    {
        var pole = new CartPole(seed: 1);
        float[] observation = new float[4];
        void Episode()
        {
            pole.Reset(observation);
            while (!pole.Step(observation[2] > 0 ? 1 : 0, observation).Done) { }
        }
        for (int i = 0; i < 50; i++) Episode();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Episode();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertState(CartPole pole, double x, double xDot, double theta, double thetaDot)
    {
        Assert.Equal(x, pole.Position, Tolerance);
        Assert.Equal(xDot, pole.Velocity, Tolerance);
        Assert.Equal(theta, pole.Angle, Tolerance);
        Assert.Equal(thetaDot, pole.AngularVelocity, Tolerance);
    }
}
