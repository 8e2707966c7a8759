"""Reviews, their publication and recommendations, the open recommendations and the learning
themes, at the root of /portal/reviews/. A rapid review's recommendations go by its
notification's pk, as every rapid review page does."""

from django.urls import path

from ..views import recommendations, reviews

urlpatterns = [
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/publish/", reviews.review_publish, name="review_publish"),
    path(
        "reviews/<int:pk>/recommendations/new/",
        recommendations.review_recommendation_create,
        name="review_recommendation_create",
    ),
    path(
        "notifications/<int:pk>/recommendations/new/",
        recommendations.rapid_review_recommendation_create,
        name="rapid_review_recommendation_create",
    ),
    path("recommendations/", recommendations.recommendation_list, name="recommendations"),
    path(
        "recommendations/<int:pk>/edit/",
        recommendations.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<int:pk>/actions/new/",
        recommendations.recommendation_action_create,
        name="recommendation_action_create",
    ),
    path("themes/", recommendations.themes, name="themes"),
    path("themes/new/", recommendations.theme_create, name="theme_create"),
    path("themes/<int:pk>/edit/", recommendations.theme_edit, name="theme_edit"),
]
