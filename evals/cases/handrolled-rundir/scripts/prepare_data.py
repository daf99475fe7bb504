import pickle
import zipfile


def main():
    with zipfile.ZipFile("images.zip") as z:
        names = sorted(z.namelist())
    with open("labels.pkl", "wb") as f:
        pickle.dump({"names": names}, f)  # a label index, not a model


if __name__ == "__main__":
    main()
