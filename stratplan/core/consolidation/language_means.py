"""Mean e5 vector of each coalition language's proposals, the prior that centring starts from.

Computed from the gists (title and summary) of the tuning split of tests/data/overlap_eval.json
only (never the held-out split), float16, base64. A store's own means take over as it grows
(embeddings.PRIOR_WEIGHT).
"""

MEANS = {
    "en": (
        "PCgOqhmsoqq0Kaqm9ya1KJYrMx3uJ6gbbCxAqL2oayvLKtKpoqPAquYkcKCjqjorESwbKuKoEBA6KGusp6us"
        "qIsmQqy9KMYcoKYdqG0rN6u3hdso2yrdKeIpByyhqUYoOacXpaKpIyqUKI4pTCtVrHGsrKxYq9EotilTn/4i"
        "tSjJLTYrEyoNK2SspZ4frHwrbqThpf6XmSeuJkmrliXzqvir/ahqpGcndqsNKz4rZ6tPLOCneytQKYyq2akO"
        "rMCr8qYWKHss+KVtKfiraCmjqnqogietHBCtzSqeqkmsGylpLFoqhaiEqHukX6ySKe2maizDpnKpK6v9qUqo"
        "ryj/KeIlDxCjIwIpRCYxKcEpey3QrAGjcZx9pRmp9itOmbooQiyoKfssZaXHLBSkjSlrpTApkShYKeek56up"
        "qBwqviU1qgms8qs1pNGrJqQLKLorqajTqvWnqSdsqe4rLKStLAyqVijeK3crd6ioquSoHKpxq5WqZalvKGko"
        "N6gUneonfamarGuriiQeqXMqjCpXKuugvp+hKiwpsCJKpcGrYyaWq5YqaikGrcarOSwxndmm/qXhKsipZx7A"
        "KUWedSa5rviqMSmiKG2odKVzKuemiKl/quWsIqwArCQfrCgeJRqpEaloqHYpbKooLO+nJaZ8J+if6ib5JC+s"
        "vakoqFCpFywTKtIt56pAKOYekKgYLtkmOCcEJ82r2qQoqiaoXKzNokUlfKqArMWq3qFnLLOoKKMQK7AkMSeR"
        "LDQsDCBXn9colapwpjOkA6xVKoypMiwcKUgbci3SpUIoz6evqskl7yrrrK4oFiahIz0mTSi1Kv8rfaMMqZIq"
        "uiz/Er4p2avrqV+pqatbpsGpiSimJgGsOKi3JWOklis7qeWpxCe5rO2eH6kjLOiqBKmKKGws7aiLLEmnQ6wd"
        "Kz2qXqWKGlctR67BKOgoa6VeJ3Sqq6WULAkqO6wqpOQpuSYrLZYqB6VuH/En8ajYKh0qJ6o7CmWmpqqVq5Ur"
        "CqqoqX8pmyytKeYp"
    ),
    "es": (
        "ESoRqRSqo6uVKQ+qqicBJUQqcCGsKdYi1S0YqP+q2CkCKzmpoqrqqAccL5m+qv8rvyuoKt6kABzXK1iteqnG"
        "qVsoJa03K/wmi6gRqAsq/auBpQsnDiqkLIsqpiwgqNIr1qn8pYqlRCs3KIornClHrdGrNayeqZ0pZimvJUIj"
        "YCkmLSIpfShBKUGo5pmaqZ0r26cboWUjfCMSKLis5CrdqXKpAKqspoYoQ6gmLIwqTqwkLIET2ix0KCuqNap1"
        "ql+sE6dPKy8sM6ngKzes+yV7rNKq1iixl0ysgCs/raaoACcoKNUmEKkbp38eHq3SKduq8SywpcKoXK2+qUar"
        "JilgKeaClx4EJQAqMSk2LL4qWi5pqwckXqC5pyqrJygVpf4kfSbLKq0sD6mHLYypgCLRp9spgCphJzOoPqzc"
        "pkAqXSnBqQqsHa1RqOuq5aiMIxUrTqzaqs+mPCl7prUrr6HJLX2rsinTLFcp2Z0Zq6GmzakuqyWqVKn5JrAj"
        "WamEoTkmi6r7qViqQCkdrKcpFil2KumiaqTrLBopNCY7nBap9Sroqh8ofyfsq/GqMSyAqJidU6KiKuCqniQx"
        "Jq+fNCsqrm6lcSmjJu+oZKvOJQmp8qAHqmKsgKtNq8MmNyhlJcOou6jVqucpUayDLOema6daKtqnRiZKJuGs"
        "F6vzqpOotSkqKQgsFat5KFUl7KdnL5MndikhIpmsqKQaqVamtaodlj0pkqncqZWrLiazKj6mDqZoKTgUvCqT"
        "LecqyZiaFuspGKoxplmpOKvHKmSpPCetKBcfDS3SpZ0oa6DGqT+IZSiOrGkpDiEzIIcmYSsyLOIrR6gNppop"
        "sCsyJ9Er6araqjStwqqXoS+p8ypeJ12pTKrCKuelICzGqdOqfCcTrXykKaoNKT+nVakkKosseaRfK0+nja2l"
        "K8GrTKayIwcnia6dKGwnlKjbJ0qn3KY0LYUp1qzhn7cp+yirLcOgf6THp9IiZquYKAsruqrHlkGkkapZrPMr"
        "ear3qqgr3yziKiEr"
    ),
    "fr": (
        "VyahqgqrQKzlK6GpiB6BKnMp+yLZKUolyi1VpuSocSkJLCOrI6qsqDYjEKSpq44oyyziKuWk4CfHKP6s2avN"
        "qRYjmayZKqQjeqh3qcEpYatLHsIpkSc8LBwq0Sw/qSsptKkOpumnpyv1oRAslyLPq+KrIKxkqqgoFiyRJCcl"
        "KyiRLaMpPysoLI6qe6JjqjkpWaSrnBihxCQAKrOrFCrBpVKqvagdqIco56oyKrcqK6wnKg6kSyyXKSSolajE"
        "qWysf6grKRUsOKh6KcyrmSrhq1iqUCtGoCetCiuIrKKrVymbJcwmE6yFqMykdKtOKT6qnCtipEypZqymqqOp"
        "iChDKNodqRjyJM4pXhw0KtQpZS7jq72i+p7hoHSoZyqIo8ArjCoRLCUuKqdILPupYipFmIoq1yMdKNio7akV"
        "qn0q/SbVqPesyaq6qeKrL6crKXEsBa2aqFekeCkRprwsSaQ5LMyrIyszLE4qXqLyqgCmRar6q0WqCaeNJcsl"
        "8KrjoFwmiqlvrPGrrig0q0sqfSk3KV8cWqXJLIApziVApBOsISiMqS0rligbq5GpAy0+qPYW15w6KkKr4Zw7"
        "LDeo1isPrZSq4yldKFWle6sZJnmks6RTrC+raay5qRYiTChEJcyp7ad0qdgqyqwYK1il9KfoJoyo7CkmKUap"
        "M6zWqBSo6ig0KiUs/6srJf4lKahIL5ophympKu2r5aMiqgmo0qviAnkoDateq6SqSh5LKoinUKY2Jq8mFinB"
        "LAosTJ2kpF0psKrnplGolq1BKgGpCyoXJDOgWC3GnbEpWRldqhYnoSmErWgrbJGeI74nhCvAKPkrSqgVqB4o"
        "wSzvJ38pbK38qmishKlLpQipYCrbKlmoa6hbKCSnFCtcqSeslygKrV+jVKqnKhCsJKikKegtAqmFKtiguK3g"
        "KQ2qdp63IAkq6q5XKB0oG6lFKF2sL6cCLeoofKx8I0UrhSlxLdUo8qQMqk4ln6pyJoUqiKyBlM+lxqitqr0p"
        "J6oDrBcsoSxiK3kr"
    ),
    "lt": (
        "Iitcq8GrsqtKLMSoBCrVJOUoZyTRKDKhkS6Op3CrgSrEKneqQ6a1qXkYrZqprCQmsyq/KrynygyEKQGsgqv7"
        "qfko9KyuKqYng6hyqTAs0qotpaMp1SgKLIstLS3Vp+4r3Kh5oTqmcigqKXgrpSX9rO6sYq1UqlQp2SncJMck"
        "sihZLK0olionJ6+qmqTEqMgq1CAIqDao8id2KmeoCixtqhap46jIqjEn2asnLEkpfKoKK8gjZyxmK4+psKgR"
        "rXSsZqc1J1MrlKZ1KluqHZx8rUiq3inKnu2rtCxhqjWq9SgeKPYp6aqoqEoki6oRKzGsjizSpHSooaqFqr+q"
        "QynCKdocoSeEH60nhyerJBkpAS6Tq4iia6XzpxKlSyeepSooGyd7KS4sFKklK5KoeyeAqNMs6iifJ32oHKvZ"
        "qrkpkCuQqu+oKK52p2esd6lWHiYsZawSqZ2l5SIeoSEqOJX7Le2oByXELAEpSYxwqQmpbap6qSis06scKD2d"
        "PKqHIQwpSqlPrJipmij8rKcpiCkYKQEkZqi9KuAlXynBnGqtOii1qI0rsyYZrNurEi2fqTKoBaN/K96suiBO"
        "KsyeRiqQrsyhRin9JsykNKk2KRKp9adzq3itJqvxrHWkJCrOJSGsaKcLqgknb6rZLP6kIKYPLLqmVSr2Iqio"
        "yak3rN2nYSgVLActBKyuKMYfR6f5LdIllSt5Jzyq4aMsp/cJ16yKFaAo+qd5qHWsLydiLAinKqXlKYuciyle"
        "K0EsMJjSkHsmp6jgDcujK6nQKsWlRCktJ5qh8CvdpsoonJqSqugnNCm5q7QpyyExpBEoySqXLEYrA6YUqPAq"
        "FSw4KLopNqwsqtyrsKqipWmqGy3NJQSpDaU0LGmcRSjmqzOshSIxrIynnKuGKSCrfKrvKBIuCRC1K5aOc6xA"
        "JsSpAqkTJMglFa7tKUEpQ6rgKfaqT6Q6KpgoJKxTpcIoTymvLRsjqZ+nqEwqYqqpKTQrqqu3oI2e9apQpIgp"
        "H6kjqnssrix0KKgp"
    ),
}
