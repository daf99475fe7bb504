import matplotlib.pyplot as plt
import seaborn as sns


def scatter_pred(y_true, y_pred, title=""):
    fig, ax = plt.subplots(figsize=(4, 4))
    sns.scatterplot(x=y_true, y=y_pred, s=8, ax=ax)
    lo, hi = min(y_true.min(), y_pred.min()), max(y_true.max(), y_pred.max())
    ax.plot([lo, hi], [lo, hi], "k--", lw=1)
    ax.set_xlabel("measured ΔΔG")
    ax.set_ylabel("predicted ΔΔG")
    ax.set_title(title)
    return fig
