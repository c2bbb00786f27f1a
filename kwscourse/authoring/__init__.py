"""Writing the course: notebook sources, exercise questions, the Colab install cell and grading."""
