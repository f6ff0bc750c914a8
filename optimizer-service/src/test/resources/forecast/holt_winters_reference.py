#!/usr/bin/env python3
"""Reference values for HoltWintersReferenceTest, computed independently of the Java code.

Additive Holt-Winters in component form, as written in Hyndman & Athanasopoulos, "Forecasting:
Principles and Practice" (3rd ed.), section 8.3:

    forecast  y(t+h|t) = l(t) + h*b(t) + s(t+h-m(k+1)),   k = floor((h-1)/m)
    level     l(t) = alpha*(y(t) - s(t-m)) + (1-alpha)*(l(t-1) + b(t-1))
    trend     b(t) = beta*(l(t) - l(t-1)) + (1-beta)*b(t-1)
    season    s(t) = gamma*(y(t) - l(t-1) - b(t-1)) + (1-gamma)*s(t-m)

and the h-step forecast variance of ETS(A,A,A) from the same book, section 8.7, table 8.8
(with the state-space trend smoothing beta_ss = alpha*beta):

    sigma2_h = sigma2 * [1 + (h-1)*(alpha^2 + alpha*beta_ss*h + beta_ss^2*h*(2h-1)/6)
                           + gamma*k*(2*alpha + gamma + beta_ss*m*(k+1))]

Initial states (the book estimates them by maximum likelihood; the Java code uses this simple
heuristic and so does this script): level = mean of the first season, trend = (mean of the second
season - mean of the first) / m, seasonal index i = y(i) - level; the recursion starts at t = m.
sigma2 = SSE of the one-step errors / (n_errors - 3).

Run: python3 holt_winters_reference.py   (no packages needed)
"""

SERIES = [30.0, 21.0, 29.0, 31.0, 40.0, 48.0, 53.0, 47.0, 37.0, 39.0, 31.0, 29.0,
          17.0, 9.0, 20.0, 24.0, 27.0, 35.0, 41.0, 38.0, 27.0, 31.0, 27.0, 26.0]
M = 4
ALPHA, BETA, GAMMA = 0.5, 0.3, 0.4


def fit(y, m, alpha, beta, gamma):
    first = sum(y[:m]) / m
    second = sum(y[m:2 * m]) / m
    level = first
    trend = (second - first) / m
    season = [y[i] - first for i in range(m)]  # season[t % m] holds s(t-m) at time t
    sse = 0.0
    errors = 0
    for t in range(m, len(y)):
        s_old = season[t % m]
        error = y[t] - (level + trend + s_old)
        sse += error * error
        errors += 1
        new_level = alpha * (y[t] - s_old) + (1 - alpha) * (level + trend)
        new_trend = beta * (new_level - level) + (1 - beta) * trend
        season[t % m] = gamma * (y[t] - level - trend) + (1 - gamma) * s_old
        level, trend = new_level, new_trend
    return level, trend, season, sse, errors


def forecast(state, n, m, h):
    level, trend, season, _, _ = state
    return level + h * trend + season[(n + h - 1) % m]


def variance_multiplier(alpha, beta, gamma, m, h):
    b = alpha * beta
    k = (h - 1) // m
    return (1 + (h - 1) * (alpha ** 2 + alpha * b * h + b ** 2 * h * (2 * h - 1) / 6)
            + gamma * k * (2 * alpha + gamma + b * m * (k + 1)))


if __name__ == "__main__":
    state = fit(SERIES, M, ALPHA, BETA, GAMMA)
    level, trend, season, sse, errors = state
    print("level %.12f" % level)
    print("trend %.12f" % trend)
    print("sse %.12f over %d errors" % (sse, errors))
    sigma2 = sse / (errors - 3)
    for h in range(1, 2 * M + 2):
        half_width = 1.96 * (sigma2 * variance_multiplier(ALPHA, BETA, GAMMA, M, h)) ** 0.5
        print("h=%d forecast %.12f halfwidth95 %.12f"
              % (h, forecast(state, len(SERIES), M, h), half_width))
