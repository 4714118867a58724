/// What "honored" means for a closed shot (the README states the same):
/// - its exit price is what the position ended at: the average sell price for a sold bet, 1 for a
///   won bet, 0 for a lost one, its outcome's probability for a bet settled at an MKT resolution;
///   a refunded (cancelled) bet has none and counts for neither plan;
/// - the stop-loss is honored when the exit price is at or above the stop (the position was not
///   held below it), ignored when below;
/// - the profit target is honored when the exit price is at or above the target (the profit was
///   taken, or the bet won), ignored when the position ended below it;
/// - a target's abort trigger fires when its closed shots have lost `abortLossCredits` in total
///   (ordered by close time); it is honored when no shot of that target was taken after it fired,
///   ignored otherwise. The rollup computes these in SQL; this type is the same rule for one shot.
public enum DisciplineRules {
    public enum Result: String, Sendable { case honored, ignored, none }

    public static func stopLoss(exitMicros: Int?, stopMicros: Int?) -> Result {
        guard let exitMicros, let stopMicros else { return .none }
        return exitMicros >= stopMicros ? .honored : .ignored
    }

    public static func profitTarget(exitMicros: Int?, targetMicros: Int?) -> Result {
        guard let exitMicros, let targetMicros else { return .none }
        return exitMicros >= targetMicros ? .honored : .ignored
    }
}
